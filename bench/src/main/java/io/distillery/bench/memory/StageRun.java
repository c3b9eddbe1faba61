package io.distillery.bench.memory;

import io.distillery.bench.BenchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What one stage's run under a backlog gave: its samples from the first commit on, and its live
 * heap (the heap in use right after a forced full collection) at the first commit and at the end;
 * rendered as a {@link BenchResult} and as a CSV series.
 *
 * @param stage the stage
 * @param prefillSeconds how long pre-filling its backlog took
 * @param samples its samples, in time order
 * @param liveAtStart live heap at the first commit, NaN when unknown
 * @param liveAtEnd live heap after the last sample, NaN when unknown
 */
record StageRun(
    BacklogStages.Stage stage,
    double prefillSeconds,
    List<MemoryWindow.Sample> samples,
    double liveAtStart,
    double liveAtEnd) {

  /** Where the window's baseline is taken. */
  static final double WARM_UP_SHARE = 0.2;

  private static final double MIB = 1024.0 * 1024;

  StageRun {
    samples = List.copyOf(samples);
  }

  /** Whether the backlog was empty at the last sample. */
  boolean drained() {
    return samples.get(samples.size() - 1).backlog() == 0;
  }

  /**
   * Records per second from the first sample (the first commit) to the first sample with the
   * backlog empty (or the last); NaN when the backlog was empty at the first sample.
   */
  double drainRate() {
    MemoryWindow.Sample from = samples.get(0);
    MemoryWindow.Sample to =
        samples.stream()
            .filter(x -> x.backlog() == 0)
            .findFirst()
            .orElse(samples.get(samples.size() - 1));
    double seconds = to.seconds() - from.seconds();
    return seconds <= 0 ? Double.NaN : (to.processed() - from.processed()) / seconds;
  }

  /** The largest resident set of the run, in MiB. */
  double maxRssMiB() {
    return samples.stream().mapToLong(MemoryWindow.Sample::rssBytes).max().orElse(0) / MIB;
  }

  /** The result: max RSS in the window's last half against the RSS after warm-up. */
  BenchResult result(MemoryBench.Settings s) {
    MemoryWindow.Stats w = MemoryWindow.of(samples, WARM_UP_SHARE);
    MemoryWindow.Sample last = samples.get(samples.size() - 1);
    String end =
        w.backlogLeft() == 0
            ? String.format(Locale.ROOT, "drained at %.0f s", w.seconds())
            : String.format(Locale.ROOT, "%,d still waiting at the end", w.backlogLeft());
    String note =
        String.format(
            Locale.ROOT,
            "%,d-record backlog (pre-filled in %.1f s), %d partitions; %s; own JVM -Xmx%s"
                + " SerialGC; RSS every %d s for %.0f s from the first commit, baseline at %.0f s"
                + " (%.0f%%), value = max of the last half; from baseline to end: heap committed"
                + " %.0f→%.0f MiB, non-heap %.0f→%.0f MiB; live heap (after a forced full GC)"
                + " %.0f MiB at the first commit, %.0f MiB at the end; %,d records processed in"
                + " the window (%.0f/s), %s",
            s.records(),
            prefillSeconds,
            s.partitions(),
            stage.setting(),
            s.maxHeap(),
            s.sampleEvery().toSeconds(),
            w.seconds(),
            w.baseline().seconds(),
            100 * WARM_UP_SHARE,
            w.baseline().heapCommittedBytes() / MIB,
            last.heapCommittedBytes() / MIB,
            w.baseline().nonHeapBytes() / MIB,
            last.nonHeapBytes() / MIB,
            liveAtStart / MIB,
            liveAtEnd / MIB,
            w.processed(),
            w.processed() / w.seconds(),
            end);
    return new BenchResult(
        "memory/" + stage.name() + " under a backlog (RSS growth)",
        w.maxRssLastHalf() / MIB,
        w.baseline().rssBytes() / MIB,
        "MiB",
        1.25,
        false,
        note);
  }

  /** Writes every sample, one line each, for a closer look at a growth. */
  void writeSeries(Path csv) throws IOException {
    StringBuilder out =
        new StringBuilder(
            "seconds,rss_mib,heap_used_mib,heap_committed_mib,nonheap_used_mib,processed,backlog\n");
    for (MemoryWindow.Sample x : samples) {
      out.append(
          String.format(
              Locale.ROOT,
              "%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d%n",
              x.seconds(),
              x.rssBytes() / MIB,
              x.heapBytes() / MIB,
              x.heapCommittedBytes() / MIB,
              x.nonHeapBytes() / MIB,
              x.processed(),
              x.backlog()));
    }
    Files.writeString(csv, out);
  }
}
