package io.distillery.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.cli.Distillery;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's first command, small: records land in both raw topics and the counts are printed.
 */
@Tag("integration")
@Timeout(300)
class DemoCommandIT {

  @TempDir Path work;

  @Test
  void shouldStreamBothDemoTasksIntoTheirRawTopicsAndPrintWhatLanded() {
    StringWriter output = new StringWriter();
    CommandLine cli = Distillery.commandLine();
    cli.setOut(new PrintWriter(output, true));

    int exit =
        cli.execute("demo", "--images", "120", "--utterances", "4", "--work-dir", work.toString());

    assertThat(exit).isZero();
    assertThat(output.toString())
        .contains("What landed:")
        .containsPattern("fmnist\\.raw\\s+120\\s+120\\s+120\\s+0\\s+\\d+\\s+120")
        .containsPattern("asr-en\\.raw\\s+4\\s+4\\s+4\\s+0\\s+\\d+\\s+4");
  }
}
