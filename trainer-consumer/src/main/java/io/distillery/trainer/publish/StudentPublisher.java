package io.distillery.trainer.publish;

import io.distillery.schemas.topics.StudentVersionKeys;
import io.distillery.trainer.engine.Metric;
import io.distillery.trainer.engine.TorchScriptModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a student version only if its held-out metric is not worse than the bar by more than a
 * tolerance: writes it as version N+1, asks every configured server to load it, checks it is ready
 * and answers, then emits its StudentVersion record.
 *
 * <p>The bar is the best metric among the versions published since the last rollback (the
 * rolled-back copy included), not the serving version's: against the serving one, each version
 * could be a tolerance worse than the one before and the served student would drift down without a
 * bound. A rollback resets the bar to the version rolled back to, since an operator who rolls back
 * has judged the later versions by more than their metric.
 */
public final class StudentPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(StudentPublisher.class);

  private final StudentVersions versions;
  private final double tolerance;
  private final List<ModelServer> servers;
  private final Consumer<VersionInfo> announcer;

  /**
   * The outcome of {@link #consider}.
   *
   * @param published whether a version was written
   * @param version the version written, or the serving one when not published
   * @param servingMetric the serving version's metric (NaN when there was none)
   * @param reason why, for logs and reports
   */
  public record Decision(boolean published, long version, double servingMetric, String reason) {}

  /**
   * @param versions the student's versions
   * @param tolerance how much worse than serving a candidate may be, in the metric's units
   * @param servers servers to load new versions on (may be empty)
   * @param announcer emits the StudentVersion record
   */
  public StudentPublisher(
      StudentVersions versions,
      double tolerance,
      List<ModelServer> servers,
      Consumer<VersionInfo> announcer) {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("publish tolerance must be >= 0");
    }
    this.versions = versions;
    this.tolerance = tolerance;
    this.servers = List.copyOf(servers);
    this.announcer = announcer;
  }

  /** Gates and maybe publishes the module evaluated at {@code metric}. */
  public Decision consider(TorchScriptModule module, Metric metric, long step, long samples)
      throws IOException {
    List<VersionInfo> all = versions.list();
    Optional<VersionInfo> serving =
        all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    double servingMetric = serving.map(v -> metricOf(v, metric)).orElse(Double.NaN);
    Optional<VersionInfo> bar = bar(all, metric);
    double barMetric = bar.map(v -> metricOf(v, metric)).orElse(Double.NaN);
    if (metric.regressesFrom(barMetric, tolerance)) {
      String reason =
          String.format(
              java.util.Locale.ROOT,
              "%s %.4f is worse than version %d's %.4f (the best since the last rollback;"
                  + " version %d serves) by more than %.4f",
              metric.name(),
              metric.value(),
              bar.get().version(),
              barMetric,
              serving.get().version(),
              tolerance);
      LOG.info("Not publishing: {}", reason);
      return new Decision(false, serving.get().version(), servingMetric, reason);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    module.write(bytes);
    VersionInfo info =
        versions.writeNext(
            bytes.toByteArray(),
            serving.map(VersionInfo::version).orElse(0L),
            step,
            samples,
            Map.of(metric.name(), metric.value()),
            "PUBLISHED");
    for (ModelServer server : servers) {
      try {
        server.loadAndWarmUp(versions.signature(), info.version());
      } catch (Exception e) {
        throw new IOException(
            "Server "
                + server.name()
                + " could not load "
                + info.modelName()
                + " version "
                + info.version(),
            e);
      }
    }
    announcer.accept(info);
    LOG.info(
        "Published {} version {} ({} {})",
        info.modelName(),
        info.version(),
        metric.name(),
        metric.value());
    return new Decision(true, info.version(), servingMetric, "published");
  }

  /**
   * Announces a student state the trainer refused to keep (a health problem that made it restore
   * its last checkpoint): a REJECTED record naming the problem, with the serving version, and no
   * artifact. Nothing is written to the repository and no server is touched.
   *
   * @param problem the problem's code, e.g. {@code non-finite-weights}
   * @param step the step at which it was found
   * @param samples fresh samples trained by then
   */
  public void reportRejected(String problem, long step, long samples) throws IOException {
    long serving = versions.latest().map(VersionInfo::version).orElse(0L);
    VersionInfo info =
        new VersionInfo(
            versions.task(),
            versions.signature().name(),
            serving,
            0,
            step,
            samples,
            Map.of(StudentVersionKeys.UNHEALTHY_PREFIX + problem, 1.0),
            "",
            "",
            StudentVersions.REJECTED,
            System.currentTimeMillis());
    announcer.accept(info);
  }

  /** The best version by {@code metric} from the last rollback on; empty when none has it. */
  private static Optional<VersionInfo> bar(List<VersionInfo> all, Metric metric) {
    int from = 0;
    for (int i = 0; i < all.size(); i++) {
      if (StudentVersions.ROLLED_BACK.equals(all.get(i).status())) {
        from = i;
      }
    }
    Comparator<VersionInfo> byMetric = Comparator.comparingDouble(v -> metricOf(v, metric));
    return all.subList(from, all.size()).stream()
        .filter(v -> !Double.isNaN(metricOf(v, metric)))
        .max(metric.higherIsBetter() ? byMetric : byMetric.reversed());
  }

  private static double metricOf(VersionInfo version, Metric metric) {
    return version.metrics().getOrDefault(metric.name(), Double.NaN);
  }
}
