package io.distillery.producers.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distillery.producers.ingest.IngestConfig;
import io.distillery.producers.ingest.IngestConfigs;
import io.distillery.producers.ingest.IngestListener;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.ingest.RawTopicReader;
import io.distillery.producers.source.ManifestSource;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.media.TestPayloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WatchResumeIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path temp;

  /** A watch running in the background until stopped. */
  private record Running(AtomicBoolean flag, CompletableFuture<IngestSummary> result) {
    IngestSummary stop() {
      flag.set(true);
      return result.join();
    }
  }

  private Running start(WatchTarget target, Path state, IngestConfig config) {
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<IngestSummary> result =
        CompletableFuture.supplyAsync(
            () -> {
              try (Ingestor ingestor = Ingestor.open(config, IngestListener.NONE)) {
                return Watcher.follow(target, state, ingestor, Duration.ofMillis(100), stop::get);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    return new Running(stop, result);
  }

  private IngestConfig config(String task) {
    return IngestConfigs.withTopics(kafka, task, temp.resolve("blobs"), 2);
  }

  private Map<String, Long> keys(IngestConfig config) {
    return RawTopicReader.readAll(kafka.bootstrapServers(), config.topics().raw()).stream()
        .collect(Collectors.groupingBy(RawTopicReader.Read::key, Collectors.counting()));
  }

  @Test
  void shouldResumeADirectoryWatchAfterARestartWithoutDuplicates() throws Exception {
    IngestConfig config = config("watch-dir");
    Path dir = Files.createDirectories(temp.resolve("incoming"));
    Path state = temp.resolve("state.json");
    for (int i = 0; i < 3; i++) {
      Files.write(dir.resolve("a" + i + ".wav"), TestPayloads.goodWav(0.1 + i * 0.01));
    }
    Files.write(dir.resolve("bad.wav"), TestPayloads.wav(8000, 1, 16, 0.1));

    Running first = start(new DirectoryTarget(dir), state, config);
    await().atMost(Duration.ofSeconds(30)).until(() -> keys(config).size() == 3);
    IngestSummary firstSummary = first.stop();
    for (int i = 0; i < 2; i++) {
      Files.write(dir.resolve("b" + i + ".png"), TestPayloads.image("png", 10 + i, 10));
    }
    Running second = start(new DirectoryTarget(dir), state, config);
    await().atMost(Duration.ofSeconds(30)).until(() -> keys(config).size() == 5);
    IngestSummary secondSummary = second.stop();

    assertThat(keys(config).values()).containsOnly(1L);
    assertThat(firstSummary.sent()).isEqualTo(3);
    assertThat(firstSummary.invalid()).isEqualTo(1);
    assertThat(secondSummary.sent()).isEqualTo(2);
    assertThat(secondSummary.invalid()).isZero();
    assertThat(WatchState.load(state).files).hasSize(6);
  }

  @Test
  void shouldFollowAGrowingManifestAndResumeAtTheLastCompleteLine() throws Exception {
    IngestConfig config = config("watch-manifest");
    Path dir = Files.createDirectories(temp.resolve("corpus"));
    for (int i = 0; i < 5; i++) {
      Files.write(dir.resolve("u" + i + ".wav"), TestPayloads.goodWav(0.1 + i * 0.01));
    }
    Path manifest = dir.resolve("manifest.jsonl");
    Path state = temp.resolve("manifest-state.json");
    Files.writeString(manifest, line(0) + line(1) + "{\"audio_filepath\": \"u2.w");

    Running first = start(new ManifestTarget(ManifestSource.of(manifest)), state, config);
    await().atMost(Duration.ofSeconds(30)).until(() -> keys(config).size() == 2);
    first.stop();
    Files.writeString(
        manifest, "av\", \"text\": \"utterance 2\"}\n" + line(3), StandardOpenOption.APPEND);
    Running second = start(new ManifestTarget(ManifestSource.of(manifest)), state, config);
    await().atMost(Duration.ofSeconds(30)).until(() -> keys(config).size() == 4);
    Files.writeString(manifest, line(4), StandardOpenOption.APPEND);
    await().atMost(Duration.ofSeconds(30)).until(() -> keys(config).size() == 5);
    second.stop();

    assertThat(keys(config).values()).containsOnly(1L);
    List<String> references =
        RawTopicReader.readAll(kafka.bootstrapServers(), config.topics().raw()).stream()
            .map(r -> r.value().getReference())
            .toList();
    assertThat(references)
        .containsExactlyInAnyOrder(
            "utterance 0", "utterance 1", "utterance 2", "utterance 3", "utterance 4");
    assertThat(WatchState.load(state).manifestLines).isEqualTo(5);
  }

  private static String line(int i) {
    return "{\"audio_filepath\": \"u" + i + ".wav\", \"text\": \"utterance " + i + "\"}\n";
  }
}
