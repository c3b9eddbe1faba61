package io.distillery.bench;

import java.util.Locale;

/** One line saying where a benchmark ran, for the table's heading. */
public final class Machine {

  private Machine() {}

  /** Cores, maximum heap, JVM and OS, e.g. for the table's heading. */
  public static String describe() {
    Runtime runtime = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "Machine: %d cores, %.1f GiB max heap, Java %s (%s), %s %s",
        runtime.availableProcessors(),
        runtime.maxMemory() / (1024.0 * 1024 * 1024),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"));
  }
}
