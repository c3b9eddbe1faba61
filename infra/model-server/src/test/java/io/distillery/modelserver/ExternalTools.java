package io.distillery.modelserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system tools the real-model tests need (espeak-ng, sox, Debian's python3 with torch).
 */
final class ExternalTools {

  static final String SYSTEM_PYTHON = "/usr/bin/python3";

  private ExternalTools() {}

  /** Whether a command runs and exits 0. */
  static boolean available(String... command) {
    try {
      run(List.of(command));
      return true;
    } catch (IOException | InterruptedException | IllegalStateException e) {
      return false;
    }
  }

  /** Whether an executable of that name is on the PATH. */
  static boolean onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command, returns its stdout, fails on a non-zero exit. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          command + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  /**
   * Speaks the text with espeak-ng's en-us klatt2 voice as 16 kHz mono 16-bit WAV with faint noise.
   */
  static byte[] utterance(Path dir, String id, String text) throws Exception {
    Path raw = dir.resolve(id + "-22k.wav");
    Path speech = dir.resolve(id + "-16k.wav");
    Path noise = dir.resolve(id + "-noise.wav");
    Path mixed = dir.resolve(id + ".wav");
    run(List.of("espeak-ng", "-v", "en-us+klatt2", "-w", raw.toString(), text));
    run(List.of("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", speech.toString()));
    String seconds = run(List.of("soxi", "-D", speech.toString())).trim();
    run(
        List.of(
            "sox",
            "-n",
            "-r",
            "16000",
            "-c",
            "1",
            "-b",
            "16",
            noise.toString(),
            "synth",
            seconds,
            "whitenoise",
            "vol",
            "0.003"));
    run(List.of("sox", "-m", speech.toString(), noise.toString(), mixed.toString()));
    return Files.readAllBytes(mixed);
  }
}
