package io.distillery.labeler.stage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Short synthetic English utterances for speech ITs: espeak-ng's en-us klatt voices and flite's slt
 * (the voices pocketsphinx recognises), resampled by sox to 16 kHz mono 16-bit, with faint white
 * noise added (pocketsphinx does far better on synthetic speech with it).
 */
final class SpeechClips {

  /** One utterance: its id, the sentence spoken (the reference) and the WAV file's bytes. */
  record Clip(String id, String text, byte[] wav) {}

  /** Short sentences of common words, so the decoder's time stays small. */
  static final List<String> SENTENCES =
      List.of(
          "the cat sat on the mat",
          "please open the window",
          "we walked to the park",
          "the dog barked at night",
          "she plays the piano",
          "the bus was late today",
          "i like green apples",
          "call me after lunch",
          "the coffee is too hot",
          "he reads the paper",
          "the children are playing outside",
          "my sister lives in town",
          "close the door please",
          "the sun is very bright",
          "we need more milk",
          "the train leaves at nine",
          "he forgot his keys again",
          "the baby is sleeping",
          "it will rain tomorrow",
          "i am going home now",
          "the water is cold",
          "they bought a new car",
          "my phone is on the table",
          "the store opens early");

  private static final List<List<String>> VOICES =
      List.of(
          List.of("espeak-ng", "-v", "en-us+klatt"),
          List.of("espeak-ng", "-v", "en-us+klatt2"),
          List.of("espeak-ng", "-v", "en-us+klatt3"),
          List.of("espeak-ng", "-v", "en-us+klatt4"),
          List.of("flite", "-voice", "slt"));

  private static final int RATE = 16_000;
  private static final double NOISE_PEAK = 0.003 * 32768;

  private SpeechClips() {}

  /** Whether the synthesisers and sox are installed. */
  static boolean toolsPresent() {
    return List.of("espeak-ng", "flite", "sox").stream().allMatch(SpeechClips::onPath);
  }

  static boolean onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Speaks {@code n} utterances into {@code dir} with two processes at a time. Utterance {@code i}
   * speaks sentence {@code i mod 24} with voice {@code i mod 5}, so the first 120 pairs differ.
   */
  static List<Clip> synthesise(Path dir, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Clip>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> speak(dir, index)));
      }
      List<Clip> clips = new ArrayList<>();
      for (Future<Clip> f : futures) {
        clips.add(f.get(120, TimeUnit.SECONDS));
      }
      return clips;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Clip speak(Path dir, int index) throws IOException, InterruptedException {
    String id = String.format("utt-%03d", index);
    String text = SENTENCES.get(index % SENTENCES.size());
    List<String> voice = VOICES.get(index % VOICES.size());
    Path spoken = dir.resolve(id + "-spoken.wav");
    Path resampled = dir.resolve(id + "-16k.wav");
    List<String> synth = new ArrayList<>(voice);
    if (voice.get(0).equals("flite")) {
      synth.addAll(List.of("-t", text, "-o", spoken.toString()));
    } else {
      synth.addAll(List.of("-w", spoken.toString(), "--", text));
    }
    run(synth);
    run(
        List.of(
            "sox",
            "-V1",
            spoken.toString(),
            "-r",
            Integer.toString(RATE),
            "-c",
            "1",
            "-b",
            "16",
            "-e",
            "signed-integer",
            resampled.toString(),
            "gain",
            "-3"));
    byte[] wav = withNoise(Files.readAllBytes(resampled), new Random(index));
    Files.write(dir.resolve(id + ".wav"), wav);
    return new Clip(id, text, wav);
  }

  /** A canonical 44-byte-header WAV of the input's 16-bit samples plus uniform noise. */
  private static byte[] withNoise(byte[] wav, Random random) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    while (pos + 8 <= wav.length
        && !"data".equals(new String(wav, pos, 4, StandardCharsets.ISO_8859_1))) {
      int size = in.getInt(pos + 4);
      pos += 8 + size + (size & 1);
    }
    if (pos + 8 > wav.length) {
      throw new IOException("sox wrote no data chunk");
    }
    int samples = Math.min(in.getInt(pos + 4), wav.length - pos - 8) / 2;
    ByteBuffer out = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(36 + 2 * samples);
    out.put("WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1)).putInt(16);
    out.putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(2 * RATE);
    out.putShort((short) 2).putShort((short) 16);
    out.put("data".getBytes(StandardCharsets.ISO_8859_1)).putInt(2 * samples);
    for (int s = 0; s < samples; s++) {
      double v = in.getShort(pos + 8 + 2 * s) + (2 * random.nextDouble() - 1) * NOISE_PEAK;
      out.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v))));
    }
    return out.array();
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(command + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
  }
}
