package io.distillery.monitor.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.monitor.model.DeadLetterCount;
import io.distillery.monitor.model.ServerLatency;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.avro.VersionStatus;
import io.distillery.testkit.records.Records;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskTallyTest {

  private final TaskTally tally = new TaskTally();
  private final RawRecord raw = Records.image("t", "r", new byte[] {1}).build();

  @Test
  void shouldTakeEachServersPercentilesOverItsRecentAnswersOnly() {
    for (int i = 1; i <= 100; i++) {
      tally.onLabeled(
          Records.labeled(
                  raw, List.of(answer("a:8001", "teacher", i), answer("b:8001", "teacher", 5)))
              .build());
    }
    // an ensemble's mean was computed here, not answered by a server
    tally.onLabeled(Records.labeled(raw, List.of(answer(null, "teacher+proxy", 1_000))).build());

    assertThat(tally.latencies())
        .containsExactly(
            new ServerLatency("a:8001", "teacher", 100, 50, 99),
            new ServerLatency("b:8001", "teacher", 100, 5, 5));
    assertThat(tally.labeled()).isEqualTo(101);

    for (int i = 0; i < TaskTally.RECENT_LATENCIES; i++) {
      tally.onLabeled(Records.labeled(raw, List.of(answer("a:8001", "teacher", 7))).build());
    }
    assertThat(tally.latencies().get(0))
        .as("older answers leave the window")
        .isEqualTo(new ServerLatency("a:8001", "teacher", TaskTally.RECENT_LATENCIES, 7, 7));
  }

  @Test
  void shouldCountDeadLettersPerStageAndKind() {
    tally.onDeadLetter(letter("labeler", "teacher-unavailable"));
    tally.onDeadLetter(letter("filter", "undecodable-record"));
    tally.onDeadLetter(letter("labeler", "teacher-unavailable"));

    assertThat(tally.deadLetters()).isEqualTo(3);
    assertThat(tally.deadLettersByKind())
        .containsExactly(
            new DeadLetterCount("filter", "undecodable-record", 1),
            new DeadLetterCount("labeler", "teacher-unavailable", 2));
  }

  @Test
  void shouldShowARefusedStudentStateAsTheTrainersErrorAndKeepTheServingVersion() {
    tally.onVersion(version(3, VersionStatus.PUBLISHED, Map.of("accuracy", 0.8)));
    tally.onVersion(version(3, VersionStatus.REJECTED, Map.of("unhealthy.collapsed-outputs", 1.0)));

    assertThat(tally.versions())
        .singleElement()
        .satisfies(v -> assertThat(v.status()).isEqualTo("PUBLISHED"));
    assertThat(tally.lastErrors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.stage()).isEqualTo("trainer");
              assertThat(e.errorType()).isEqualTo("collapsed-outputs");
              assertThat(e.reason()).contains("step 40", "version 3 still serves");
            });
  }

  private static StudentVersion version(long number, VersionStatus status, Map<String, Double> m) {
    return StudentVersion.newBuilder()
        .setTask("t")
        .setModelName("t-student")
        .setVersion(number)
        .setStep(40)
        .setSamplesSeen(640)
        .setMetrics(m)
        .setArtifactUri("")
        .setArtifactSha256("")
        .setStatus(status)
        .setPublishedAt(java.time.Instant.ofEpochMilli(1_000))
        .build();
  }

  private static ModelOutput answer(String server, String model, double millis) {
    return Records.output(ModelRole.TEACHER)
        .setModelName(model)
        .setServer(server)
        .setLatencyMillis(millis)
        .build();
  }

  private static DeadLetter letter(String stage, String kind) {
    return DeadLetter.newBuilder()
        .setStage(stage)
        .setTask("t")
        .setErrorType(kind)
        .setReason(kind)
        .setTopic("t.raw")
        .setPartition(0)
        .setOffset(0)
        .setFailedAt(Instant.ofEpochMilli(1))
        .build();
  }
}
