package io.distillery.bench.wer;

import io.distillery.asrmetrics.text.EnglishNormalizer;
import io.distillery.asrmetrics.text.ScliteNormalizer;
import io.distillery.asrmetrics.wer.EditCounts;
import io.distillery.asrmetrics.wer.WerScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * WER of 20-word utterance pairs, one thread: pairs per second per core. The {@code english}
 * normaliser is the figure of interest; {@code none} is the same-run baseline (alignment plus
 * lower-casing only), so the ratio shows what normalisation costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class WerBenchmark {

  private static final String[] VOCABULARY = {
    "the",
    "a",
    "colour",
    "twenty",
    "one",
    "hundred",
    "and",
    "five",
    "don't",
    "we'll",
    "Mr.",
    "Smith",
    "said",
    "um",
    "favourite",
    "centre",
    "percent",
    "dollars",
    "three",
    "point",
    "it's",
    "going",
    "to",
    "be",
    "fine",
    "[noise]",
    "weather",
    "today",
    "London",
    "train"
  };

  private final WerScorer english = new WerScorer(new EnglishNormalizer());
  private final WerScorer none = new WerScorer(new ScliteNormalizer());
  private final List<String[]> pairs = new ArrayList<>();
  private int next;

  /** 1,000 reference/hypothesis pairs of 20 words, the hypothesis with ~15% edits. */
  @Setup
  public void makePairs() {
    Random random = new Random(42);
    for (int n = 0; n < 1000; n++) {
      List<String> ref = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ref.add(VOCABULARY[random.nextInt(VOCABULARY.length)]);
      }
      List<String> hyp = new ArrayList<>(ref);
      for (int e = 0; e < 3; e++) {
        int at = random.nextInt(hyp.size());
        switch (random.nextInt(3)) {
          case 0 -> hyp.set(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
          case 1 -> hyp.remove(at);
          default -> hyp.add(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
        }
      }
      pairs.add(new String[] {String.join(" ", ref), String.join(" ", hyp)});
    }
  }

  /** One pair with the english normaliser. */
  @Benchmark
  public EditCounts englishPair() {
    String[] pair = pairs.get(next++ % pairs.size());
    return english.score(pair[0], pair[1]);
  }

  /** One pair with sclite's normalisation only (baseline). */
  @Benchmark
  public EditCounts sclitePair() {
    String[] pair = pairs.get(next++ % pairs.size());
    return none.score(pair[0], pair[1]);
  }
}
