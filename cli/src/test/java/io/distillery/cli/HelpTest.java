package io.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command's {@code --help} renders cleanly: exit 0, its usage, and no picocli warning. */
class HelpTest {

  static Stream<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    collect(Distillery.commandLine(), new ArrayList<>(), all);
    return all.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> all) {
    all.add(List.copyOf(path));
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, all);
              }
            });
  }

  @ParameterizedTest(name = "distillery {0} --help")
  @MethodSource("commands")
  void shouldRenderHelpWithoutAnyWarning(List<String> command) {
    List<String> args = new ArrayList<>(command);
    args.add("--help");
    StringWriter out = new StringWriter();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream realErr = System.err;
    int exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = Distillery.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(new StringWriter(), true));
      exit = cli.execute(args.toArray(String[]::new));
    } finally {
      System.setErr(realErr);
    }

    String warnings = err.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(warnings).isZero();
    assertThat(out.toString()).startsWith("Usage: distillery");
    assertThat(warnings).as("picocli's warnings on standard error").doesNotContain("WARN");
    assertThat(out.toString()).doesNotContain("%n").doesNotContain("${");
  }
}
