package io.distillery.bench.wer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * WER pairs per CPU-second of one thread, measured by the thread's CPU time rather than wall time,
 * so the figure stays meaningful on a machine shared with other work. Prints english, none and
 * their ratio, all from the same run. Run: {@code ./mvnw -pl bench -Pjmh exec:exec
 * -Dbench.main=io.distillery.bench.wer.WerCpuTime -Dbench.args=2000000}.
 */
public final class WerCpuTime {

  private WerCpuTime() {}

  /** Runs {@code args[0]} pairs (default 1,000,000) per normaliser after a warm-up. */
  public static void main(String[] args) {
    long pairs = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    WerBenchmark bench = new WerBenchmark();
    bench.makePairs();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) {
      double english = perCpuSecond(threads, pairs, bench::englishPair);
      double none = perCpuSecond(threads, pairs, bench::sclitePair);
      System.out.printf(
          Locale.ROOT,
          "round %d: english %.0f pairs/cpu-s, none %.0f pairs/cpu-s, english/none %.2f%n",
          round,
          english,
          none,
          english / none);
    }
  }

  private static double perCpuSecond(ThreadMXBean threads, long pairs, Runnable pair) {
    long start = threads.getCurrentThreadCpuTime();
    for (long i = 0; i < pairs; i++) {
      pair.run();
    }
    return pairs / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
  }
}
