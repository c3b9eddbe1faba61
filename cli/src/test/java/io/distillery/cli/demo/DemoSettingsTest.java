package io.distillery.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.lab.TaskSelection;
import io.distillery.lab.demo.DemoSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo command's options become the run's settings, each in its own place. */
class DemoSettingsTest {

  private static DemoSettings parse(String... args) {
    DemoCommand command = new DemoCommand();
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return command.settings();
  }

  @Test
  void shouldStartTheBuilderFromTheCommandsDefaults() {
    assertThat(parse()).isEqualTo(DemoSettings.builder(Path.of(".distillery/demo")).build());
  }

  @Test
  void shouldPutEveryOptionInItsOwnSetting() {
    DemoSettings settings =
        parse(
            "--work-dir=w",
            "--task=fmnist",
            "--images=11",
            "--utterances=12",
            "--port=13",
            "--partitions=14",
            "--duration=15",
            "--evaluate-every=16",
            "--eval-images=17",
            "--eval-utterances=18",
            "--replay-ratio=0.19",
            "--image-weight-average=0.2",
            "--seed=21",
            "--speech-idle-replay-epochs=22",
            "--keep-running",
            "--teacher-epochs=23");

    assertThat(settings)
        .isEqualTo(
            new DemoSettings(
                Path.of("w"),
                TaskSelection.FMNIST,
                11,
                12,
                13,
                14,
                15,
                16,
                17,
                18,
                0.19,
                0.2,
                21,
                22,
                true,
                23));
  }
}
