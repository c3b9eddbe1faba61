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
 * restarted once; nothing lost, nothing doubled.
 */
@Tag("integration")
@Timeout(900)
class ChaosIT {

  @TempDir Path home;

  @Test
  void shouldConserveEveryRecordAcrossRandomKillsAndABrokerRestart() throws Exception {
    StringWriter printed = new StringWriter();
    PrintWriter out = new PrintWriter(printed, true);
    ChaosRun.Settings settings =
        new ChaosRun.Settings(
            home, home.resolve("chaos"), 400, 7, 42, 2, 25, Duration.ofSeconds(480));

    ChaosRun.Outcome outcome = new ChaosRun(settings, out).run();
    outcome.print(out);

    Conservation c = outcome.conservation();
    assertThat(outcome.brokerRestarts()).as(printed.toString()).isEqualTo(1);
    assertThat(outcome.kills().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
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
