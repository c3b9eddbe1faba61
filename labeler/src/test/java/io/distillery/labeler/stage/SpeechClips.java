package io.distillery.labeler.stage;

import io.distillery.media.speech.SyntheticSpeech;
import io.distillery.media.speech.Voice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Short synthetic English utterances for speech ITs, spoken by the producers' synthesiser with
 * espeak-ng's en-us klatt voices and flite's slt (the voices pocketsphinx recognises).
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

  private static final List<Voice> VOICES =
      List.of(
          Voice.parse("espeak:en-us+klatt"),
          Voice.parse("espeak:en-us+klatt2"),
          Voice.parse("espeak:en-us+klatt3"),
          Voice.parse("espeak:en-us+klatt4"),
          Voice.parse("flite:slt"));

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
    Voice voice = VOICES.get(index % VOICES.size());
    byte[] wav = SyntheticSpeech.speak(voice, text, 1.0, 0.003, index, dir.resolve(id));
    Files.write(dir.resolve(id + ".wav"), wav);
    return new Clip(id, text, wav);
  }
}
