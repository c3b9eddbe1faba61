package io.distillery.bench;

import java.util.ArrayList;
import java.util.List;

/** Benchmark results in the order they were measured, rendered as a Markdown table. */
public final class BenchTable {

  private final String machine;
  private final List<BenchResult> results = new ArrayList<>();

  /**
   * @param machine a line that says where the run happened (cores, memory, JVM)
   */
  public BenchTable(String machine) {
    this.machine = machine;
  }

  /** Adds a result. */
  public void add(BenchResult result) {
    results.add(result);
  }

  /** The results so far. */
  public List<BenchResult> results() {
    return List.copyOf(results);
  }

  /** The table with a heading and the machine line. */
  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    md.append("# distillery bench\n\n").append(machine).append("\n\n");
    md.append("| benchmark | measured | baseline (same run) | ratio | goal | how |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (BenchResult r : results) {
      md.append(r.toMarkdownRow()).append('\n');
    }
    return md.toString();
  }
}
