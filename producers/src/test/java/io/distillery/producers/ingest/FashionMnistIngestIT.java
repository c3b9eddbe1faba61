package io.distillery.producers.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.producers.source.FashionMnistSource;
import io.distillery.producers.source.Sample;
import io.distillery.schemas.avro.ClaimCheck;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.testkit.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FashionMnistIngestIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path temp;

  private IngestConfig config(String task) {
    return IngestConfigs.withTopics(kafka, task, temp.resolve("blobs"), 3);
  }

  @Test
  void shouldIngestAThousandImagesInlineAndReadThemBackByteIdentical() throws Exception {
    IngestConfig config = config("fmnist-inline");
    FashionMnistSource source =
        new FashionMnistSource(
            FashionMnistSource.DEBIAN_DIR, FashionMnistSource.Split.TRAIN, 0, 1000, true);

    IngestSummary summary = Ingestor.run(source, config);

    assertThat(summary.sent()).isEqualTo(1000);
    assertThat(summary.invalid()).isZero();
    assertThat(summary.claimChecked()).isZero();
    Map<String, Sample> expected = byIdentity(source.samples());
    List<RawTopicReader.Read> read =
        RawTopicReader.readAll(kafka.bootstrapServers(), config.topics().raw());
    assertThat(read).hasSize(1000);
    for (RawTopicReader.Read r : read) {
      RawRecord record = r.value();
      Sample sample = expected.get(record.getSource());
      byte[] original = sample.loader().load();
      assertThat(r.key())
          .isEqualTo(record.getId())
          .isEqualTo(RecordIds.of(sample.identity(), sample.reference(), original));
      assertThat(bytes(record.getInline().duplicate())).isEqualTo(original);
      assertThat(record.getContentType()).isEqualTo("image/png");
      assertThat(record.getWidth()).isEqualTo(28);
      assertThat(record.getReference()).isEqualTo(sample.reference()).matches("[0-9]");
    }
  }

  @Test
  void shouldClaimCheckImagesAboveTheInlineLimitAndResolveThemVerified() throws Exception {
    IngestConfig config = config("fmnist-claims").withInlineLimit(300);
    FashionMnistSource source =
        new FashionMnistSource(
            FashionMnistSource.DEBIAN_DIR, FashionMnistSource.Split.TEST, 100, 200, true);

    IngestSummary summary = Ingestor.run(source, config);

    ClaimCheckResolver resolver =
        new ClaimCheckResolver(List.of(config.claimCheckStore()), 1 << 20);
    Map<String, Sample> expected = byIdentity(source.samples());
    List<RawTopicReader.Read> read =
        RawTopicReader.readAll(kafka.bootstrapServers(), config.topics().raw());
    assertThat(read).hasSize(200);
    long claimChecked = 0;
    for (RawTopicReader.Read r : read) {
      byte[] original = expected.get(r.value().getSource()).loader().load();
      if (r.value().getClaimCheck() != null) {
        claimChecked++;
        assertThat(r.value().getInline()).isNull();
        assertThat(original.length).isGreaterThan(300);
        assertThat(resolver.fetch(r.value().getClaimCheck())).isEqualTo(original);
      } else {
        assertThat(original.length).isLessThanOrEqualTo(300);
        assertThat(bytes(r.value().getInline().duplicate())).isEqualTo(original);
      }
    }
    assertThat(claimChecked).isEqualTo(summary.claimChecked()).isGreaterThan(100);
  }

  @Test
  void shouldRefuseClaimChecksOutsideTheBlobRoot() {
    ClaimCheckResolver resolver = ClaimCheckResolver.local(List.of(temp.resolve("blobs")), 1 << 20);
    String root = temp.resolve("blobs").toUri().toString();

    assertThat(refusal(resolver, "file:///etc/passwd")).isEqualTo("claim-check-outside-roots");
    assertThat(refusal(resolver, root + "../../etc/passwd")).isEqualTo("claim-check-outside-roots");
  }

  private static String refusal(ClaimCheckResolver resolver, String uri) {
    try {
      resolver.fetch(new ClaimCheck(uri, "00", 10L, "image/png"));
      return "accepted";
    } catch (RefusedRecordException e) {
      return e.reason().code();
    }
  }

  static Map<String, Sample> byIdentity(List<Sample> samples) {
    Map<String, Sample> map = new HashMap<>();
    samples.forEach(s -> map.put(s.identity(), s));
    return map;
  }

  static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
