package io.distillery.bench;

import io.distillery.media.image.Images;
import io.distillery.media.image.Raster;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.trainer.data.LabelledImages;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Accepted Fashion-MNIST records as the filter writes them: a PNG payload inline, a teacher output
 * with ten probabilities, an ACCEPT decision; encoded as the accepted topic's values.
 */
final class AcceptedImages {

  private AcceptedImages() {}

  /** The encoded accepted record of each image, id {@code bench-<i>}. */
  static List<byte[]> encode(LabelledImages images) {
    List<byte[]> values = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      values.add(Serdes.scored().encode(record("bench-" + i, png(images, i), images.labels()[i])));
    }
    return values;
  }

  private static ScoredRecord record(String id, byte[] png, int label) {
    List<Float> probabilities = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      probabilities.add(c == label ? 0.91f : 0.01f);
    }
    RawRecord raw =
        RawRecord.newBuilder()
            .setId(id)
            .setTask("bench")
            .setModality(Modality.IMAGE)
            .setContentType("image/png")
            .setInline(ByteBuffer.wrap(png))
            .setWidth(28)
            .setHeight(28)
            .setSource("bench")
            .setIngestTime(Instant.ofEpochMilli(0))
            .build();
    ModelOutput teacher =
        ModelOutput.newBuilder()
            .setModelName("fmnist-teacher")
            .setModelVersion("1")
            .setRole(ModelRole.TEACHER)
            .setProbabilities(probabilities)
            .build();
    return ScoredRecord.newBuilder()
        .setLabeled(
            LabeledRecord.newBuilder()
                .setRaw(raw)
                .setOutputs(List.of(teacher))
                .setLabeledAt(Instant.ofEpochMilli(0))
                .build())
        .setScores(Map.of("max-probability", 0.91))
        .setDecision(Decision.ACCEPT)
        .setWeight(1.0)
        .setSoftTargetOnly(false)
        .setPolicy("bench")
        .setScoredAt(Instant.ofEpochMilli(0))
        .build();
  }

  private static byte[] png(LabelledImages images, int index) {
    int size = images.imageSize();
    byte[] levels = new byte[size];
    for (int p = 0; p < size; p++) {
      levels[p] = (byte) Math.round(images.pixels()[index * size + p] * 255);
    }
    return Images.png(new Raster(images.cols(), images.rows(), 1, levels));
  }
}
