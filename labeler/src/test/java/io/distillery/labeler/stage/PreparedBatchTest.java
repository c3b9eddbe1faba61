package io.distillery.labeler.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.labeler.inference.BoundModel;
import io.distillery.labeler.inference.ItemResult;
import io.distillery.labeler.task.ImageClassification;
import io.distillery.labeler.task.Signatures;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.WireFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PreparedBatchTest {

  private final Intake intake =
      new Intake(
          ClaimCheckResolver.local(List.of(), 1 << 20),
          new ImageClassification(),
          WireFormat.singleObject());

  private static final List<BoundModel> MODELS =
      List.of(new BoundModel(ModelRole.TEACHER, Signatures.image(Signatures.IMAGE_CLASSIFIER)));

  @Test
  void shouldSendOnlyDecodableRecordsAndKeepEveryResultInBatchOrder() throws Exception {
    byte[] png = png();
    List<Pending> batch =
        List.of(
            pending(0, "a", png),
            pending(1, "garbage", "not an image".getBytes(StandardCharsets.UTF_8)),
            pending(2, "b", png),
            pending(3, "empty", null));

    PreparedBatch prepared = new PreparedBatch(batch, intake, MODELS);

    assertThat(prepared.items()).extracting(i -> i.id()).containsExactly("a", "b");
    ItemResult a = ItemResult.ok(List.of(output("a")));
    ItemResult b = ItemResult.ok(List.of(output("b")));
    List<ItemResult> all = prepared.merge(List.of(a, b));
    assertThat(all).hasSize(4);
    assertThat(all.get(0)).isSameAs(a);
    assertThat(all.get(1).reason().code()).isEqualTo("unsupported-content");
    assertThat(all.get(2)).isSameAs(b);
    assertThat(all.get(3).reason().code()).isEqualTo("missing-payload");
    assertThat(all.get(3).message()).contains("neither inline bytes nor a claim check");
  }

  private static Pending pending(long offset, String id, byte[] payload) {
    RawRecord raw =
        RawRecord.newBuilder()
            .setId(id)
            .setTask("t")
            .setModality(Modality.IMAGE)
            .setContentType("image/png")
            .setInline(payload == null ? null : ByteBuffer.wrap(payload))
            .setSource("test")
            .setIngestTime(Instant.now())
            .build();
    return new Pending(new ConsumerRecord<>("t.raw", 0, offset, null, null), 1, raw);
  }

  private static ModelOutput output(String name) {
    return ModelOutput.newBuilder()
        .setModelName(name)
        .setModelVersion("1")
        .setRole(ModelRole.TEACHER)
        .build();
  }

  private static byte[] png() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", out);
    return out.toByteArray();
  }
}
