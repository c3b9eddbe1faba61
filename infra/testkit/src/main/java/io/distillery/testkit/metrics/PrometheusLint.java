package io.distillery.testkit.metrics;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks {@code promtool check metrics} makes on a scrape in the Prometheus text format: every
 * metric family has HELP text and a TYPE; names and label names are snake_case; counters end in
 * {@code _total} and nothing else does; names use base units (seconds, bytes), not milliseconds or
 * kilobytes; {@code _count}, {@code _sum} and {@code _bucket} belong to summaries and histograms;
 * every histogram has its {@code le="+Inf"} bucket. They run in Java everywhere and, where promtool
 * itself is found ({@link #promtool()}), promtool runs on the same scrape and each line it prints
 * is a problem too.
 */
public final class PrometheusLint {

  private static final Pattern NAME = Pattern.compile("[a-z_:][a-z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+\\S+.*");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
  private static final List<String> NON_BASE_UNITS =
      List.of(
          "_milliseconds",
          "_millis",
          "_ms",
          "_microseconds",
          "_nanoseconds",
          "_minutes",
          "_hours",
          "_kilobytes",
          "_megabytes",
          "_gigabytes",
          "_percent");

  private PrometheusLint() {}

  /**
   * Where promtool is: {@code $PROMTOOL}, else {@code promtool} on the PATH, else {@code
   * .distillery/tools/bin/promtool} in the working directory or one of its parents (where {@code
   * infra/scripts/install-prerequisites.sh} extracts it from Debian's prometheus package).
   */
  public static Optional<Path> promtool() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("PROMTOOL");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "promtool"));
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      candidates.add(dir.resolve(".distillery/tools/bin/promtool"));
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /**
   * Every problem in {@code scrape}, each as "metric: what is wrong", from the Java checks and from
   * promtool where it is found; empty when clean.
   */
  public static List<String> problems(String scrape) {
    List<String> out = new ArrayList<>(javaProblems(scrape));
    promtool().ifPresent(tool -> out.addAll(promtoolProblems(tool, scrape)));
    return out;
  }

  /**
   * What {@code promtool check metrics} prints for {@code scrape}, one entry per line, plus its
   * exit status when it is not 0.
   */
  public static List<String> promtoolProblems(Path tool, String scrape) {
    try {
      Process process =
          new ProcessBuilder(tool.toString(), "check", "metrics").redirectErrorStream(true).start();
      try (var in = process.getOutputStream()) {
        in.write(scrape.getBytes(StandardCharsets.UTF_8));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return List.of("promtool: did not finish within 60 s");
      }
      List<String> out = new ArrayList<>();
      output.lines().filter(l -> !l.isBlank()).map(l -> "promtool: " + l).forEach(out::add);
      if (process.exitValue() != 0) {
        out.add("promtool: exit status " + process.exitValue());
      }
      return out;
    } catch (IOException e) {
      return List.of("promtool: cannot run " + tool + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of("promtool: interrupted");
    }
  }

  /** The problems the Java checks find. */
  static List<String> javaProblems(String scrape) {
    Map<String, String> help = new LinkedHashMap<>();
    Map<String, String> type = new LinkedHashMap<>();
    Map<String, List<String>> samples = new LinkedHashMap<>();
    List<String> out = new ArrayList<>();
    for (String line : scrape.split("\n")) {
      if (line.startsWith("# HELP ")) {
        String[] parts = line.substring(7).split(" ", 2);
        help.put(parts[0], parts.length > 1 ? parts[1].trim() : "");
      } else if (line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ", 2);
        type.put(parts[0], parts.length > 1 ? parts[1].trim() : "");
      } else if (!line.isBlank() && !line.startsWith("#")) {
        Matcher m = SAMPLE.matcher(line);
        if (!m.matches()) {
          out.add(line + ": not a sample line");
          continue;
        }
        samples.computeIfAbsent(family(m.group(1), type), k -> new ArrayList<>()).add(line);
        if (m.group(3) != null) {
          Matcher label = LABEL.matcher(m.group(3));
          while (label.find()) {
            if (!NAME.matcher(label.group(1)).matches()) {
              out.add(m.group(1) + ": label " + label.group(1) + " is not snake_case");
            }
          }
        }
      }
    }
    for (Map.Entry<String, String> family : type.entrySet()) {
      String name = family.getKey();
      String kind = family.getValue();
      if (help.getOrDefault(name, "").isEmpty()) {
        out.add(name + ": no help text");
      }
      if (!NAME.matcher(name).matches()) {
        out.add(name + ": metric names should be written in snake_case");
      }
      if (kind.equals("counter") != name.endsWith("_total")) {
        out.add(
            name
                + (kind.equals("counter")
                    ? ": counter metrics should have \"_total\" suffix"
                    : ": non-counter metrics should not have \"_total\" suffix"));
      }
      for (String unit : NON_BASE_UNITS) {
        if (name.contains(unit + "_") || name.endsWith(unit)) {
          out.add(name + ": use base units (seconds, bytes, ratios), not " + unit.substring(1));
        }
      }
      if (!kind.equals("histogram") && !kind.equals("summary")) {
        for (String suffix : List.of("_count", "_sum", "_bucket")) {
          if (name.endsWith(suffix)) {
            out.add(name + ": non-histogram and non-summary metrics should not have " + suffix);
          }
        }
      }
      if (kind.equals("histogram")
          && samples.getOrDefault(name, List.of()).stream()
              .noneMatch(s -> s.startsWith(name + "_bucket") && s.contains("le=\"+Inf\""))) {
        out.add(name + ": histogram without its le=\"+Inf\" bucket");
      }
    }
    for (String family : samples.keySet()) {
      if (!type.containsKey(family)) {
        out.add(family + ": samples without a TYPE line");
      }
    }
    return out;
  }

  /** The family a sample name belongs to: its own, or a histogram's or summary's. */
  private static String family(String sample, Map<String, String> types) {
    if (types.containsKey(sample)) {
      return sample;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return sample;
  }
}
