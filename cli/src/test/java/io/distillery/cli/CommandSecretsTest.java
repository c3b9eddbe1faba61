package io.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Credentials given on the command line never come back in what the command prints: not in any
 * subcommand's {@code --help}, and not in the error message of a mistyped command line.
 */
class CommandSecretsTest {

  private static final String PASSWORD = "pw-3f1c9a7e";
  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
          + " password=\"jaas-77d0e2\";";
  private static final List<String> SECRETS =
      List.of(
          "--kafka-property",
          "ssl.keystore.password=" + PASSWORD,
          "--kafka-property",
          "sasl.jaas.config=" + JAAS);

  @Test
  void shouldNeverPrintCredentialsInTheHelpOfAnyCommand() {
    List<List<String>> commands = new ArrayList<>();
    collect(Distillery.commandLine(), new ArrayList<>(), commands);
    assertThat(commands).hasSizeGreaterThan(10);

    for (List<String> path : commands) {
      CommandLine cli = Distillery.commandLine();
      List<String> args = new ArrayList<>(path);
      if (takesKafkaSettings(cli, path)) {
        args.addAll(SECRETS);
      }
      args.add("--help");
      String printed = run(cli, args);

      assertThat(printed).as("help of %s", path).contains("Usage:");
      assertSecretFree(printed, path);
    }
  }

  @Test
  void shouldNeverPrintCredentialsInTheErrorOfAWrongCommandLine() {
    List<List<String>> wrong =
        List.of(
            withSecrets("label"),
            withSecrets("filter", "--task"),
            withSecrets("train", "--task", "fmnist", "--no-such-option"),
            List.of(
                "label",
                "--task",
                "t",
                "--servers",
                "127.0.0.1:1",
                "--models",
                "teacher=m",
                "--kafka-propery",
                "ssl.keystore.password=" + PASSWORD),
            List.of(
                "topics",
                "create",
                "--task",
                "t",
                "--kafka-property=ssl.key.password=" + PASSWORD,
                "-x"),
            List.of("monitor", "--kafka-property", "ssl.truststore.password" + PASSWORD));

    for (List<String> args : wrong) {
      CommandLine cli = Distillery.commandLine();
      String printed = run(cli, args);

      assertThat(printed).as("error for %s", args).isNotBlank();
      assertSecretFree(printed, args);
    }
  }

  @Test
  void shouldShowTheMistypedOptionWithItsSecretHidden() {
    String printed =
        run(
            Distillery.commandLine(),
            List.of(
                "monitor",
                "--once",
                "--kafka-propery",
                "ssl.keystore.password=" + PASSWORD,
                "--kafka-property",
                "sasl.jaas.config=" + JAAS));

    assertThat(printed)
        .contains("Unknown option")
        .contains("'--kafka-propery'")
        .contains("ssl.keystore.password=[hidden]");
    assertSecretFree(printed, List.of("monitor"));
  }

  private static List<String> withSecrets(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(SECRETS);
    return args;
  }

  private static void assertSecretFree(String printed, List<String> args) {
    assertThat(printed)
        .as("output of %s", args)
        .doesNotContain(PASSWORD)
        .doesNotContain("jaas-77d0e2");
  }

  private static String run(CommandLine cli, List<String> args) {
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    cli.execute(args.toArray(String[]::new));
    return out.toString();
  }

  private static boolean takesKafkaSettings(CommandLine root, List<String> path) {
    CommandLine cli = root;
    for (String name : path) {
      cli = cli.getSubcommands().get(name);
    }
    return cli.getCommandSpec().findOption("--kafka-property") != null;
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    for (var sub : cli.getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      List<String> next = new ArrayList<>(path);
      next.add(sub.getKey());
      collect(sub.getValue(), next, into);
    }
  }
}
