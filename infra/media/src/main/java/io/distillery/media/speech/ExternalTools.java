package io.distillery.media.speech;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds and runs the command-line tools speech synthesis needs, with actionable errors. */
final class ExternalTools {

  private static final long TIMEOUT_SECONDS = 60;

  private ExternalTools() {}

  /** Fails with the apt-get command to run if {@code binary} is not on the PATH. */
  static void require(String binary, String aptPackage) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return;
      }
    }
    throw new IllegalStateException(
        binary
            + " is not installed (not found on PATH). Install it"
            + " with: sudo apt-get install -y "
            + aptPackage);
  }

  /** Runs {@code command}, failing with its output if it exits non-zero or hangs. */
  static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output;
    try {
      process.getOutputStream().close();
      output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException(command.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
    } finally {
      process.destroyForcibly();
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          command.get(0)
              + " exited with "
              + process.exitValue()
              + ": "
              + new String(output, StandardCharsets.UTF_8).strip()
              + " (command: "
              + command
              + ")");
    }
  }
}
