package io.distillery.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer-group rebalance protocol of a stage's consumer ({@code group.protocol}).
 *
 * <p>With {@link #CLASSIC} every member gives up its partitions and waits while the group
 * rebalances; with {@link #CONSUMER} (KIP-848) the group coordinator on the broker moves only the
 * partitions that change owner, one member at a time, so the others keep working. {@link #AUTO}
 * takes the consumer protocol where the cluster has it enabled (the {@code group.version} feature
 * finalized at 1 or more: Kafka 4.0 and later by default) and the classic one elsewhere.
 */
public enum GroupProtocol {
  /** The consumer protocol where the cluster has it, else the classic one. */
  AUTO,
  /** The classic protocol: stop-the-world rebalances. */
  CLASSIC,
  /** KIP-848's incremental protocol. */
  CONSUMER;

  private static final Logger LOG = LoggerFactory.getLogger(GroupProtocol.class);

  /** The feature that gates the consumer protocol on a cluster. */
  static final String FEATURE = "group.version";

  /** The protocol named {@code name} (auto, classic or consumer), case-insensitive. */
  public static GroupProtocol parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown group protocol " + name + ": auto, classic or consumer");
    }
  }

  /**
   * The protocol to use on the cluster {@code clientConfig} reaches (bootstrap servers and the
   * client settings, such as TLS and SASL): this one unless {@link #AUTO}, which asks the cluster
   * for its finalized features. A cluster that cannot be asked gets the classic protocol, which
   * every broker speaks, with a warning.
   */
  public GroupProtocol resolve(Map<String, Object> clientConfig) {
    if (this != AUTO) {
      return this;
    }
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(config)) {
      FinalizedVersionRange range =
          admin
              .describeFeatures()
              .featureMetadata()
              .get(30, TimeUnit.SECONDS)
              .finalizedFeatures()
              .get(FEATURE);
      return range != null && range.maxVersionLevel() >= 1 ? CONSUMER : CLASSIC;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CLASSIC;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "Could not read the cluster's features ({}); using the classic group protocol",
          e.getCause() == null ? e.toString() : e.getCause().toString());
      return CLASSIC;
    }
  }

  /** The consumer's {@code group.protocol} value; only for a resolved protocol. */
  public String configValue() {
    if (this == AUTO) {
      throw new IllegalStateException("resolve the protocol first");
    }
    return name().toLowerCase(Locale.ROOT);
  }
}
