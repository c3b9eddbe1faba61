package io.distillery.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.lab.chaos.ChaosRun;
import io.distillery.lab.chaos.Conservation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos harness at a small size: five processes, stages SIGKILLed at random, the broker
 * restarted once; and on a replicated cluster of three broker processes, the leader of the raw
 * topic's first partition SIGKILLed twice. Nothing lost, nothing doubled.
 */
@Tag("integration")
@Timeout(900)
class ChaosIT {

  @TempDir Path home;

  private final StringWriter printed = new StringWriter();

  @Test
  void shouldConserveEveryRecordAcrossRandomKillsAndABrokerRestart() throws Exception {
    ChaosRun.Outcome outcome = run(1);

    assertThat(outcome.brokerRestarts()).as(printed.toString()).isEqualTo(1);
    assertThat(outcome.kills().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
    assertConserved(outcome.conservation());
  }

  @Test
  void shouldConserveEveryRecordWhenTheLeaderOfAReplicatedClusterIsKilledTwice() throws Exception {
    ChaosRun.Outcome outcome = run(3);

    assertThat(printed.toString())
        .as("the broker killed is the raw partition's leader")
        .contains("(leader of chaos.raw-0)");
    assertThat(outcome.brokerRestarts()).as(printed.toString()).isEqualTo(2);
    assertThat(outcome.kills().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
    assertConserved(outcome.conservation());
  }

  private ChaosRun.Outcome run(int brokers) throws Exception {
    PrintWriter out = new PrintWriter(printed, true);
    ChaosRun.Settings settings =
        new ChaosRun.Settings(
            home, home.resolve("chaos"), 400, 7, 42, 2, 25, Duration.ofSeconds(480), brokers);
    ChaosRun.Outcome outcome = new ChaosRun(settings, out).run();
    outcome.print(out);
    return outcome;
  }

  private void assertConserved(Conservation c) {
    long raw = 400 + ChaosRun.corruptRecords(400);
    assertThat(c.raw()).as(printed.toString()).isEqualTo(raw);
    assertThat(c.deadLettered()).as("the corrupt records").isEqualTo(ChaosRun.corruptRecords(400));
    // Most images reach the trainer, so its exactly-once check covers most of the stream.
    assertThat(c.accepted()).as("the policy accepts most images").isGreaterThan(400 / 2);
    assertThat(c.rejected()).as("and rejects some").isPositive();
    assertThat(c.lost()).as(printed.toString()).isZero();
    assertThat(c.decidedDuplicates()).as(printed.toString()).isZero();
    assertThat(c.labeledDuplicates()).as(printed.toString()).isZero();
    assertThat(c.accepted() + c.rejected() + c.deadLettered()).isEqualTo(raw);
    assertThat(c.trainerSamples() + c.trainerDeadLettered()).isEqualTo(c.accepted());
    assertThat(c.trainerDigestMatches()).as(printed.toString()).isTrue();
    assertThat(c.holds()).isTrue();
  }
}
