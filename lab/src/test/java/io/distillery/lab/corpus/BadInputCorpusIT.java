package io.distillery.lab.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distillery.lab.corpus.CorpusReport.Counts;
import io.distillery.lab.corpus.CorpusReport.Row;
import io.distillery.labeler.stage.LabelerStage;
import io.distillery.producers.ingest.Outcome;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.metrics.DeployedQueries;
import io.distillery.testkit.metrics.PrometheusLint;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the bad-input corpus ({@code corpus/cases.md}) through the real pipeline and checks that
 * every case ends where the manifest says with its reason, that every raw record is decided exactly
 * once, that the trainer trained exactly the accepted images, and that no stage stopped. Writes
 * {@code target/bad-input-corpus.md} and asserts on it.
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BadInputCorpusIT {

  private static final Path REPORT = Path.of("target", "bad-input-corpus.md");

  @TempDir Path work;

  private final Map<String, String> keys = new HashMap<>();
  private final Map<String, Outcome> produced = new HashMap<>();

  /** Where one case ended: the stage, the outcome and the reason; how many records say so. */
  private record Landing(
      String stage, String outcome, String reason, int decisions, DeadLetter dead) {
    String where() {
      return stage + " " + outcome;
    }
  }

  @Test
  void shouldEndEveryBadInputInTheDlqOrAtTheProducerWithItsReasonAndKeepEveryStageRunning()
      throws Exception {
    List<CorpusCase> cases = CorpusCase.readManifest();
    assertThat(cases).isNotEmpty();
    CorpusReport report = new CorpusReport();
    String scrape;
    try (CorpusPipeline pipeline = new CorpusPipeline(work)) {
      pipeline.startStages();
      CorpusRecords records = new CorpusRecords(pipeline.blobRoot(), pipeline.outside());
      try (Landed landed =
          new Landed(
              pipeline.bootstrapServers(), List.of(CorpusPipeline.IMG, CorpusPipeline.ASR))) {
        for (int phase : new TreeSet<>(cases.stream().map(CorpusCase::phase).toList())) {
          List<CorpusCase> now = cases.stream().filter(c -> c.phase() == phase).toList();
          setTeachers(pipeline, now);
          for (CorpusCase c : now) {
            send(pipeline, records, c);
          }
          try {
            await("phase " + phase)
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> everyLanded(landed.refresh(), now));
          } catch (ConditionTimeoutException e) {
            report.note("phase " + phase + " TIMED OUT: some of its cases never ended anywhere");
          }
        }
        List<String> trainable = acceptedImages(landed, cases);
        awaitTrainer(pipeline, landed, report);
        boolean trainerAlive = !pipeline.training().isDone();
        Checkpoint last;
        try {
          last = pipeline.stopTrainer();
        } catch (ExecutionException e) {
          report.note("trainer img STOPPED on " + e.getCause());
          last = new CheckpointStore(pipeline.checkpointDir()).latest().orElseThrow();
        }
        boolean trained =
            last.samplesTrained() == trainable.size() && last.idDigest() == digest(trainable);

        for (CorpusCase c : cases) {
          report.add(row(c, land(landed, c), trained));
        }
        for (TaskTopics t : List.of(CorpusPipeline.IMG, CorpusPipeline.ASR)) {
          report.add(counts(landed, t, cases));
        }
        for (String task : List.of("img", "asr")) {
          LabelerStage labeler = pipeline.labeler(task);
          report.note(
              "labeler %s: %s"
                  .formatted(
                      task,
                      !labeler.stopped() && labeler.failure() == null
                          ? "running"
                          : "STOPPED: " + labeler.failure()));
          KafkaStreams.State state = pipeline.filter(task).state();
          report.note(
              "filter %s: %s"
                  .formatted(
                      task, state.isRunningOrRebalancing() ? "running" : "STOPPED " + state));
        }
        report.note(
            "trainer img: %s; trained %d samples (expected %d: %s), %s the accepted images' ids;"
                    .formatted(
                        trainerAlive ? "running" : "STOPPED",
                        last.samplesTrained(),
                        trainable.size(),
                        trainable,
                        last.idDigest() == digest(trainable) ? "digest matches" : "DIGEST DIFFERS")
                + " dead-lettered "
                + last.samplesDeadLettered());
      }
      scrape = pipeline.scrape();
    }

    String markdown = Files.readString(report.write(REPORT), StandardCharsets.UTF_8);

    assertThat(report.failures()).as(markdown).isEmpty();
    for (CorpusCase c : cases) {
      assertThat(markdown).containsPattern("\\| " + c.name() + " \\|.*\\| pass \\|");
    }
    assertThat(markdown)
        .contains("| img | ")
        .contains("| asr | ")
        .doesNotContain("NO: undecided")
        .doesNotContain("STOPPED")
        .doesNotContain("DIGEST DIFFERS")
        .doesNotContain("TIMED OUT")
        .contains("labeler img: running", "filter asr: running", "trainer img: running");
    // one metrics convention for every stage: what promtool's lint checks, and histograms from
    // which a teacher's p99 per server can be computed
    assertThat(PrometheusLint.problems(scrape)).as(scrape).isEmpty();
    // every stage metric the shipped Grafana dashboard and alert rules query exists
    assertThat(DeployedQueries.missing(scrape, false)).as(scrape).isEmpty();
    assertThat(scrape)
        .contains("distillery_labeler_records_labeled_total{")
        .contains("distillery_labeler_records_dead_total{")
        .containsPattern("distillery_labeler_inference_seconds_bucket\\{[^}]*server=\"[^\"]+\"")
        .contains("distillery_labeler_inference_errors_total{")
        .contains("distillery_labeler_server_available{")
        .contains("distillery_labeler_commit_seconds_bucket{")
        .contains("distillery_filter_records_total{")
        .contains("distillery_trainer_samples_total{")
        .contains("distillery_trainer_freshness_seconds_bucket{");
  }

  private void setTeachers(CorpusPipeline pipeline, List<CorpusCase> phase) throws Exception {
    Map<String, String> behaviours = new LinkedHashMap<>();
    for (CorpusCase c : phase) {
      String before = behaviours.putIfAbsent(c.task(), c.teacher());
      assertThat(before == null || before.equals(c.teacher()))
          .as("one teacher behaviour per task and phase: %s", c)
          .isTrue();
    }
    for (Map.Entry<String, String> b : behaviours.entrySet()) {
      pipeline.teacher(b.getKey(), b.getValue());
    }
  }

  private void send(CorpusPipeline pipeline, CorpusRecords records, CorpusCase c) throws Exception {
    TaskTopics topics = CorpusPipeline.topics(c.task());
    byte[] input = CorpusInputs.bytes(c.input(), c.name(), topics.maxMessageBytes());
    if (c.ingested()) {
      Path dir = Files.createDirectories(work.resolve("ingest").resolve(c.task()));
      Path file = dir.resolve(c.name() + (c.task().equals("img") ? ".png" : ".wav"));
      Files.write(file, input);
      Outcome outcome = pipeline.ingest(c.task(), file);
      Files.delete(file);
      produced.put(c.name(), outcome);
      keys.put(c.name(), outcome.recordId());
      return;
    }
    keys.put(c.name(), c.name());
    String topic =
        switch (CorpusRecords.topicOf(c)) {
          case "raw" -> topics.raw();
          case "labeled" -> topics.labeled();
          default -> topics.accepted();
        };
    pipeline.write(topic, c.name(), input == null ? null : records.value(c, input));
  }

  private boolean everyLanded(Landed landed, List<CorpusCase> cases) {
    return cases.stream().allMatch(c -> land(landed, c).isPresent());
  }

  /** Where a case ended, if it has. */
  private Optional<Landing> land(Landed landed, CorpusCase c) {
    Outcome outcome = produced.get(c.name());
    if (outcome != null && outcome.status() != Outcome.Status.SENT) {
      return Optional.of(new Landing("producer", "rejected", outcome.reason(), 0, null));
    }
    String key = keys.get(c.name());
    if (key == null) {
      return Optional.empty();
    }
    TaskTopics t = CorpusPipeline.topics(c.task());
    List<DeadLetter> dead = landed.deadLetters(t.dlq(), key);
    List<ScoredRecord> accepted = landed.scored(t.accepted(), key);
    List<ScoredRecord> rejected = landed.scored(t.rejected(), key);
    int decisions =
        (int) dead.stream().filter(d -> !d.getStage().equals("trainer")).count()
            + accepted.size()
            + rejected.size();
    if (!dead.isEmpty()) {
      DeadLetter d = dead.get(0);
      return Optional.of(
          new Landing(d.getStage(), "dlq", d.getErrorType() + ": " + d.getReason(), decisions, d));
    }
    if (!accepted.isEmpty()) {
      return Optional.of(
          new Landing(
              "filter",
              "accepted",
              String.join("; ", accepted.get(0).getReasons()),
              decisions,
              null));
    }
    if (!rejected.isEmpty()) {
      return Optional.of(
          new Landing(
              "filter",
              "rejected",
              String.join("; ", rejected.get(0).getReasons()),
              decisions,
              null));
    }
    return Optional.empty();
  }

  private Row row(CorpusCase c, Optional<Landing> landing, boolean trained) {
    if (landing.isEmpty()) {
      return new Row(c, "nowhere", "", "never ended anywhere");
    }
    Landing l = landing.get();
    String actual = l.where();
    if (c.outcome().equals("trained") && actual.equals("filter accepted")) {
      actual = trained ? "trainer trained" : "filter accepted (training unconfirmed)";
    }
    List<String> problems = new ArrayList<>();
    if (!actual.equals(c.expected())) {
      problems.add("expected " + c.expected());
    }
    if (!c.reason().isEmpty() && (l.reason() == null || !l.reason().contains(c.reason()))) {
      problems.add("reason lacks '" + c.reason() + "'");
    }
    int expectedDecisions =
        l.stage().equals("producer") || c.entryKind().equals("accepted-value") ? 0 : 1;
    if (l.decisions() != expectedDecisions) {
      problems.add(l.decisions() + " decisions, expected " + expectedDecisions);
    }
    if (l.dead() != null && !l.dead().getTopic().equals(entryTopic(c, l.stage()))) {
      problems.add("dead letter names topic " + l.dead().getTopic());
    }
    return new Row(c, actual, l.reason(), problems.isEmpty() ? null : String.join(", ", problems));
  }

  private static String entryTopic(CorpusCase c, String stage) {
    TaskTopics t = CorpusPipeline.topics(c.task());
    return switch (stage) {
      case "labeler" -> t.raw();
      case "filter" -> t.labeled();
      default -> t.accepted();
    };
  }

  /** Ids of the image records the filter accepted (decodable ones: what the trainer can train). */
  private List<String> acceptedImages(Landed landed, List<CorpusCase> cases) {
    landed.refresh();
    List<String> ids = new ArrayList<>();
    for (Map.Entry<String, List<byte[]>> e :
        landed.topic(CorpusPipeline.IMG.accepted()).byKey.entrySet()) {
      for (ScoredRecord s : landed.scored(CorpusPipeline.IMG.accepted(), e.getKey())) {
        boolean dead =
            landed.deadLetters(CorpusPipeline.IMG.dlq(), e.getKey()).stream()
                .anyMatch(d -> d.getStage().equals("trainer"));
        if (!dead) {
          ids.add(s.getLabeled().getRaw().getId());
        }
      }
    }
    return ids;
  }

  /** Waits until the trainer has trained or dead-lettered every accepted record. */
  private void awaitTrainer(CorpusPipeline pipeline, Landed landed, CorpusReport report) {
    long accepted = landed.refresh().topic(CorpusPipeline.IMG.accepted()).total();
    CheckpointStore store = new CheckpointStore(pipeline.checkpointDir());
    try {
      await("trainer")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(300))
          .until(
              () ->
                  pipeline.training().isDone()
                      || store
                          .latest()
                          .map(ck -> ck.samplesTrained() + ck.samplesDeadLettered() >= accepted)
                          .orElse(false));
    } catch (ConditionTimeoutException e) {
      report.note("trainer TIMED OUT before reaching the end of " + CorpusPipeline.IMG.accepted());
    }
  }

  private static long scoredCount(Landed landed, String topic) {
    return landed.topic(topic).byKey.keySet().stream()
        .mapToLong(key -> landed.scored(topic, key).size())
        .sum();
  }

  private static long digest(List<String> ids) {
    return ids.stream().mapToLong(Checkpoint::idHash).sum();
  }

  private Counts counts(Landed landed, TaskTopics t, List<CorpusCase> cases) {
    Landed.Topic raw = landed.topic(t.raw());
    Landed.Topic labeled = landed.topic(t.labeled());
    List<String> undecided = new ArrayList<>();
    List<String> twice = new ArrayList<>();
    long labelerDlq = 0;
    long filterDlq = 0;
    long trainerDlq = 0;
    for (String key : landed.topic(t.dlq()).byKey.keySet()) {
      for (DeadLetter d : landed.deadLetters(t.dlq(), key)) {
        switch (d.getStage()) {
          case "labeler" -> labelerDlq++;
          case "filter" -> filterDlq++;
          default -> trainerDlq++;
        }
      }
    }
    long fromRaw = 0;
    for (Map.Entry<String, List<byte[]>> e : raw.byKey.entrySet()) {
      String key = e.getKey();
      long decisions =
          landed.deadLetters(t.dlq(), key).stream()
                  .filter(d -> !d.getStage().equals("trainer"))
                  .count()
              + landed.scored(t.accepted(), key).size()
              + landed.scored(t.rejected(), key).size();
      fromRaw += labeled.count(key);
      if (e.getValue().size() != 1 || labeled.count(key) > 1 || decisions > 1) {
        twice.add(key);
      } else if (decisions == 0) {
        undecided.add(key);
      }
    }
    long producerRejected =
        cases.stream()
            .filter(c -> c.task().equals(t.task()))
            .map(c -> produced.get(c.name()))
            .filter(o -> o != null && o.status() != Outcome.Status.SENT)
            .count();
    return new Counts(
        t.task(),
        raw.total(),
        fromRaw,
        labelerDlq,
        filterDlq,
        scoredCount(landed, t.accepted()),
        scoredCount(landed, t.rejected()),
        trainerDlq,
        producerRejected,
        undecided,
        twice);
  }
}
