package io.distillery.testkit.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics the shipped Grafana dashboard ({@code infra/deploy/grafana}) and Prometheus alert
 * rules ({@code infra/deploy/prometheus}) query, so tests can check each against a live scrape and
 * neither can rot when a metric is renamed. Metrics are told apart by owner: the monitor's (cluster
 * view: lag, topics, acceptance, dead letters, student versions) and the stages'.
 */
public final class DeployedQueries {

  private static final Pattern JSON_EXPR =
      Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern METRIC = Pattern.compile("\\b((?:distillery|kafka)_[a-z0-9_]+)\\b");

  private DeployedQueries() {}

  /** The {@code infra/deploy} folder, found from the working directory upwards. */
  public static Path deployDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path deploy = dir.resolve("infra").resolve("deploy");
      if (Files.isDirectory(deploy)) {
        return deploy;
      }
    }
    throw new IllegalStateException("No infra/deploy above " + Path.of("").toAbsolutePath());
  }

  /** The Prometheus alert rules file. */
  public static Path alertRules() {
    return deployDir().resolve("prometheus").resolve("distillery-alerts.yml");
  }

  /** The Grafana dashboard. */
  public static Path dashboard() {
    return deployDir().resolve("grafana").resolve("distillery-dashboard.json");
  }

  /** Every PromQL expression of the dashboard's panels and of the alert rules. */
  public static List<String> expressions() throws IOException {
    List<String> all = new ArrayList<>();
    Matcher m = JSON_EXPR.matcher(Files.readString(dashboard()));
    while (m.find()) {
      all.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    List<String> lines = Files.readAllLines(alertRules());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int at = line.indexOf("expr:");
      if (at < 0) {
        continue;
      }
      String rest = line.substring(at + "expr:".length()).trim();
      if (!rest.equals("|")) {
        all.add(rest);
        continue;
      }
      StringBuilder block = new StringBuilder();
      int indent = at + 2;
      while (i + 1 < lines.size()
          && (lines.get(i + 1).isBlank() || leading(lines.get(i + 1)) >= indent)) {
        block.append(lines.get(++i).trim()).append(' ');
      }
      all.add(block.toString().trim());
    }
    return all;
  }

  /** The metric names the expressions query ({@code distillery_*} and {@code kafka_*}). */
  public static Set<String> metrics() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String expr : expressions()) {
      Matcher m = METRIC.matcher(expr);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Whether the monitor exports {@code metric} (else a stage does). */
  public static boolean monitorOwned(String metric) {
    return metric.startsWith("kafka_")
        || metric.startsWith("distillery_topic_")
        || metric.startsWith("distillery_consumergroup_")
        || metric.startsWith("distillery_student_")
        || metric.equals("distillery_filter_acceptance_ratio")
        || metric.equals("distillery_dead_letter_records");
  }

  /** The queried metrics of one owner that {@code scrape} has no series of. */
  public static List<String> missing(String scrape, boolean monitor) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String metric : metrics()) {
      if (monitorOwned(metric) == monitor
          && !Pattern.compile("(?m)^" + Pattern.quote(metric) + "[{ ]").matcher(scrape).find()) {
        missing.add(metric);
      }
    }
    return missing;
  }

  private static int leading(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
