package io.distillery.trainer.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Speaks a sentence with espeak-ng and converts it to 16 kHz 16-bit mono WAV with sox. */
public final class SyntheticSpeech {

  private SyntheticSpeech() {}

  /** The WAV bytes of {@code text} spoken by espeak-ng's en-us voice; files go to {@code dir}. */
  public static byte[] wav(Path dir, String name, String text)
      throws IOException, InterruptedException {
    Path raw = dir.resolve(name + "-22k.wav");
    Path out = dir.resolve(name + ".wav");
    run(List.of("espeak-ng", "-v", "en-us", "-w", raw.toString(), text));
    run(List.of("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", out.toString()));
    return Files.readAllBytes(out);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(command.get(0) + " failed (is the package installed?): " + output);
    }
  }
}
