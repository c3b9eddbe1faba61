package io.distillery.cli;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Keeps credentials typed on the command line out of what the command prints. picocli repeats
 * unmatched or malformed arguments in its error messages; this handler prints the same message with
 * the value of every sensitive {@code KEY=VALUE} argument (a key naming a password, secret, JAAS
 * config, token, passphrase or private key, as in {@code --kafka-property
 * ssl.keystore.password=...}) replaced by {@code [hidden]}, as Kafka's own config logging does.
 * picocli's {@code --help} shows no option values, so only errors need this.
 */
final class SecretMasking implements IParameterExceptionHandler {

  /** What stands in for a hidden value. */
  static final String HIDDEN = "[hidden]";

  /** Whether a setting named {@code key} holds a credential. */
  static boolean sensitive(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("jaas")
        || k.contains("token")
        || k.contains("passphrase")
        || k.endsWith("keystore.key")
        || k.endsWith("private.key");
  }

  /**
   * {@code text} with the value of every sensitive {@code KEY=VALUE} of {@code args} hidden, and
   * any malformed (no {@code =}) value of {@code --kafka-property}, which may be a key and its
   * secret run together.
   */
  static String mask(String text, String[] args) {
    String masked = text;
    for (int i = 1; i < args.length; i++) {
      if (args[i - 1].equals("--kafka-property")
          && args[i].indexOf('=') < 0
          && !args[i].isEmpty()) {
        masked = masked.replace(args[i], HIDDEN);
      }
    }
    for (String arg : args) {
      String setting = arg;
      if (setting.startsWith("-") && setting.indexOf('=') > 0) {
        setting = setting.substring(setting.indexOf('=') + 1);
      }
      int eq = setting.indexOf('=');
      if (eq > 0 && eq < setting.length() - 1 && sensitive(setting.substring(0, eq))) {
        masked = masked.replace(setting.substring(eq + 1), HIDDEN);
      }
    }
    return masked;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cli = ex.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(cli.getColorScheme().errorText(mask(ex.getMessage(), args)));
    if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
      ex.getCommandLine().usage(err, cli.getColorScheme());
    }
    CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
    return cli.getExitCodeExceptionMapper() != null
        ? cli.getExitCodeExceptionMapper().getExitCode(ex)
        : spec.exitCodeOnInvalidInput();
  }
}
