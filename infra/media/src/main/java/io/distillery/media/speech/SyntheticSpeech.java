package io.distillery.media.speech;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distillery.media.audio.WavWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates spoken utterances: synthesiser to WAV, sox to 16 kHz mono 16-bit, white noise mixed in,
 * written as {@code utt-NNNNN.wav} plus a NeMo-style {@code manifest.jsonl} with the sentence as
 * reference. Every choice is drawn from the seed up front, so the same request gives the same
 * files; external processes run in a small bounded pool.
 */
public final class SyntheticSpeech {

  private static final Logger LOG = LoggerFactory.getLogger(SyntheticSpeech.class);
  private static final int SAMPLE_RATE = 16_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SyntheticSpeech() {}

  /** One generated utterance. */
  public record Utterance(
      int index, Path wav, String text, Voice voice, double speed, double durationSeconds) {}

  private record Plan(int index, String text, Voice voice, double speed, long noiseSeed) {}

  /** Generates the request's utterances and their manifest; returns them in index order. */
  public static List<Utterance> generate(SynthesisRequest request)
      throws IOException, InterruptedException {
    ExternalTools.require("sox", "sox");
    for (Voice.Engine engine : request.voices().engines()) {
      ExternalTools.require(engine.binary, engine.aptPackage);
    }
    Files.createDirectories(request.outputDir());
    List<Plan> plans = plan(request);
    ExecutorService pool = Executors.newFixedThreadPool(request.threads());
    try {
      List<Future<Utterance>> futures = new ArrayList<>();
      for (Plan plan : plans) {
        futures.add(pool.submit(() -> speak(plan, request)));
      }
      List<Utterance> utterances = new ArrayList<>();
      for (Future<Utterance> future : futures) {
        utterances.add(future.get());
      }
      writeManifest(request.outputDir(), utterances);
      return utterances;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("Speech synthesis failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The manifest file a generation writes into {@code outputDir}. */
  public static Path manifestOf(Path outputDir) {
    return outputDir.resolve("manifest.jsonl");
  }

  private static List<Plan> plan(SynthesisRequest request) {
    Random random = new Random(request.seed());
    List<Plan> plans = new ArrayList<>(request.count());
    for (int i = 0; i < request.count(); i++) {
      String text = request.sentences().get(random.nextInt(request.sentences().size()));
      Voice voice = request.voices().pick(random);
      double speed = 0.85 + 0.3 * random.nextDouble();
      plans.add(new Plan(i, text, voice, speed, random.nextLong()));
    }
    return plans;
  }

  private static Utterance speak(Plan plan, SynthesisRequest request)
      throws IOException, InterruptedException {
    Path dir = request.outputDir();
    String name = String.format("utt-%05d", plan.index());
    byte[] wav =
        speak(
            plan.voice(),
            plan.text(),
            plan.speed(),
            request.noiseAmplitude(),
            plan.noiseSeed(),
            dir.resolve("." + name));
    Path file = dir.resolve(name + ".wav");
    Path part = dir.resolve("." + name + ".wav.part");
    Files.write(part, wav);
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    LOG.debug("Spoke {} with {}: {}", name, plan.voice(), plan.text());
    return new Utterance(
        plan.index(),
        file,
        plan.text(),
        plan.voice(),
        plan.speed(),
        (wav.length - 44) / 2 / (double) SAMPLE_RATE);
  }

  /**
   * One utterance: {@code text} spoken by {@code voice} at {@code speed}, resampled by sox to 16
   * kHz mono 16-bit PCM, with uniform white noise of peak {@code noise} (fraction of full scale;
   * pocketsphinx does far better on synthetic speech with a little) drawn from {@code noiseSeed}.
   *
   * @param scratch a path prefix for the intermediate files, which are removed afterwards
   * @return the WAV file's bytes
   */
  public static byte[] speak(
      Voice voice, String text, double speed, double noise, long noiseSeed, Path scratch)
      throws IOException, InterruptedException {
    Path raw = scratch.resolveSibling(scratch.getFileName() + ".synth.wav");
    Path resampled = scratch.resolveSibling(scratch.getFileName() + ".16k.wav");
    try {
      ExternalTools.run(voice.command(text, speed, raw.toString()));
      ExternalTools.run(
          List.of(
              "sox",
              "-R",
              "-V1",
              raw.toString(),
              "-D",
              "-b",
              "16",
              "-e",
              "signed-integer",
              "-c",
              "1",
              "-r",
              Integer.toString(SAMPLE_RATE),
              resampled.toString(),
              "gain",
              "-3"));
      short[] samples =
          PcmWav.withNoise(
              PcmWav.samples(Files.readAllBytes(resampled)), noise, new Random(noiseSeed));
      return WavWriter.pcm16Mono(samples, SAMPLE_RATE);
    } finally {
      Files.deleteIfExists(raw);
      Files.deleteIfExists(resampled);
    }
  }

  private static void writeManifest(Path dir, List<Utterance> utterances) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (Utterance u : utterances) {
      ObjectNode line = JSON.createObjectNode();
      line.put("audio_filepath", u.wav().getFileName().toString());
      line.put("text", u.text());
      line.put("duration", Math.round(u.durationSeconds() * 1000) / 1000.0);
      line.put("lang", "en");
      line.put("voice", u.voice().toString());
      lines.append(JSON.writeValueAsString(line)).append('\n');
    }
    Path part = dir.resolve(".manifest.jsonl.part");
    Files.writeString(part, lines, StandardCharsets.UTF_8);
    Files.move(
        part, manifestOf(dir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
