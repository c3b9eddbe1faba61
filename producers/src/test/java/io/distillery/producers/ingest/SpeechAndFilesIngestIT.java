package io.distillery.producers.ingest;

import static io.distillery.producers.ingest.FashionMnistIngestIT.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.media.speech.SynthesisRequest;
import io.distillery.media.speech.SyntheticSpeech;
import io.distillery.producers.source.DirectorySource;
import io.distillery.producers.source.ManifestSource;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.media.TestPayloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SpeechAndFilesIngestIT {

  private static final Logger LOG = LoggerFactory.getLogger(SpeechAndFilesIngestIT.class);

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir static Path temp;

  static List<SyntheticSpeech.Utterance> utterances;

  @BeforeAll
  static void generateSpeechOnce() throws Exception {
    long start = System.nanoTime();
    utterances = SyntheticSpeech.generate(SynthesisRequest.of(200, 7, temp.resolve("synth")));
    LOG.info(
        "Generated 200 utterances with 2 processes in {} s",
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
  }

  private static IngestConfig config(String task) {
    return IngestConfigs.withTopics(kafka, task, temp.resolve("blobs"), 3);
  }

  @Test
  void shouldIngestTwoHundredUtterancesInlineAndByClaimCheckByteIdentical() throws Exception {
    IngestConfig config = config("asr-synth").withInlineLimit(64 * 1024);
    Map<String, SyntheticSpeech.Utterance> byFile =
        utterances.stream()
            .collect(Collectors.toMap(u -> u.wav().getFileName().toString(), Function.identity()));

    IngestSummary summary =
        Ingestor.run(ManifestSource.of(SyntheticSpeech.manifestOf(temp.resolve("synth"))), config);

    assertThat(summary.sent()).isEqualTo(200);
    assertThat(summary.invalid()).isZero();
    ClaimCheckResolver resolver =
        new ClaimCheckResolver(List.of(config.claimCheckStore()), 1 << 24);
    List<RawTopicReader.Read> read =
        RawTopicReader.readAll(kafka.bootstrapServers(), config.topics().raw());
    assertThat(read).hasSize(200);
    long claimChecked = 0;
    for (RawTopicReader.Read r : read) {
      RawRecord record = r.value();
      SyntheticSpeech.Utterance utterance = byFile.get(record.getSource());
      byte[] original = Files.readAllBytes(utterance.wav());
      byte[] payload =
          record.getClaimCheck() != null
              ? resolver.fetch(record.getClaimCheck())
              : bytes(record.getInline().duplicate());
      claimChecked += record.getClaimCheck() != null ? 1 : 0;
      assertThat(payload).isEqualTo(original);
      assertThat(record.getReference()).isEqualTo(utterance.text());
      assertThat(record.getSampleRate()).isEqualTo(16_000);
      assertThat(record.getLanguage()).isEqualTo("en");
      assertThat(record.getAttributes()).containsEntry("voice", utterance.voice().toString());
    }
    assertThat(claimChecked).isEqualTo(summary.claimChecked()).isBetween(1L, 199L);
  }

  @Test
  void shouldGiveTheSameRecordIdsWhenTheSameManifestIsIngestedTwice() throws Exception {
    IngestConfig config = config("asr-twice");
    ManifestSource manifest = ManifestSource.of(SyntheticSpeech.manifestOf(temp.resolve("synth")));

    assertThat(Ingestor.run(manifest, config).sent()).isEqualTo(200);
    assertThat(Ingestor.run(manifest, config).sent()).isEqualTo(200);

    Map<String, Long> perKey =
        RawTopicReader.readAll(kafka.bootstrapServers(), config.topics().raw()).stream()
            .collect(Collectors.groupingBy(RawTopicReader.Read::key, Collectors.counting()));
    assertThat(perKey).hasSize(200);
    assertThat(perKey.values()).containsOnly(2L);
  }

  @Test
  void shouldRejectCorruptTruncatedAndWrongRateFilesWithReasonsAndSendOnlyTheValidOne()
      throws Exception {
    Path dir = Files.createDirectories(temp.resolve("mixed"));
    byte[] good = TestPayloads.goodWav(0.5);
    byte[] png = TestPayloads.image("png", 32, 32);
    Files.write(dir.resolve("good.wav"), good);
    Files.write(dir.resolve("truncated.wav"), TestPayloads.truncate(good, good.length / 2));
    Files.write(dir.resolve("corrupt.wav"), TestPayloads.flip(good, 0));
    Files.write(dir.resolve("rate-44k.wav"), TestPayloads.wav(44_100, 1, 16, 0.5));
    Files.write(dir.resolve("truncated.png"), TestPayloads.truncate(png, png.length - 20));
    Files.write(dir.resolve("corrupt.png"), TestPayloads.flip(png, png.length / 2));
    IngestConfig config = config("mixed-files");

    IngestSummary summary = Ingestor.run(new DirectorySource(dir), config);

    assertThat(summary.sent()).isEqualTo(1);
    assertThat(summary.invalid()).isEqualTo(5);
    assertThat(summary.problems())
        .extracting(IngestSummary.Problem::identity)
        .containsExactlyInAnyOrder(
            "truncated.wav", "corrupt.wav", "rate-44k.wav", "truncated.png", "corrupt.png");
    Map<String, String> reasons =
        summary.problems().stream()
            .collect(
                Collectors.toMap(IngestSummary.Problem::identity, IngestSummary.Problem::reason));
    assertThat(reasons.get("truncated.wav")).startsWith("wav-truncated");
    assertThat(reasons.get("corrupt.wav")).startsWith("unsupported-content");
    assertThat(reasons.get("rate-44k.wav")).startsWith("wav-sample-rate").contains("44100 Hz");
    assertThat(reasons.get("truncated.png")).startsWith("image-truncated");
    assertThat(reasons.get("corrupt.png")).startsWith("image-corrupt");
    List<RawTopicReader.Read> read =
        RawTopicReader.readAll(kafka.bootstrapServers(), config.topics().raw());
    assertThat(read)
        .singleElement()
        .satisfies(r -> assertThat(r.value().getSource()).isEqualTo("good.wav"));
  }
}
