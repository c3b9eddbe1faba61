package io.distillery.kserve.client;

import io.distillery.kserve.resilience.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of a {@link TritonClient}.
 *
 * @param servers the servers to balance over, at least one
 * @param inferDeadline deadline of one inference call
 * @param metadataDeadline deadline of health, metadata and config calls
 * @param maxInboundMessageBytes largest response accepted (grpc-java's default is 4 MiB), and
 *     largest request sent: a bigger one fails at once as {@code request-too-large}
 * @param tls TLS settings, or empty for plaintext
 * @param backoff delays between retries
 * @param maxAttempts most attempts per call, or 0 to retry retriable failures without limit
 * @param breakerFailures consecutive failures that eject a server
 * @param breakerOpen how long an ejected server waits before a health probe may re-admit it
 * @param healthInterval how often ejected servers are probed with ServerReady
 * @param deadlineAttempts attempts of one request that may end in DEADLINE_EXCEEDED before it fails
 *     for good (a teacher that hangs on this input), 0 for no limit; server outages (UNAVAILABLE)
 *     are retried by {@code maxAttempts} alone
 */
public record ClientConfig(
    List<ServerAddress> servers,
    Duration inferDeadline,
    Duration metadataDeadline,
    int maxInboundMessageBytes,
    Optional<TlsSettings> tls,
    Backoff backoff,
    int maxAttempts,
    int breakerFailures,
    Duration breakerOpen,
    Duration healthInterval,
    int deadlineAttempts) {

  /** Deadline attempts of the defaults: a request timing out three times is given up. */
  public static final int DEFAULT_DEADLINE_ATTEMPTS = 3;

  /** Validates at once. */
  public ClientConfig {
    if (servers == null || servers.isEmpty()) {
      throw new IllegalArgumentException("At least one inference server is needed (host:port)");
    }
    servers = List.copyOf(servers);
    requirePositive("inferDeadline", inferDeadline);
    requirePositive("metadataDeadline", metadataDeadline);
    requirePositive("breakerOpen", breakerOpen);
    requirePositive("healthInterval", healthInterval);
    if (maxInboundMessageBytes < 1024) {
      throw new IllegalArgumentException("maxInboundMessageBytes must be >= 1024");
    }
    if (maxAttempts < 0 || breakerFailures < 1 || deadlineAttempts < 0) {
      throw new IllegalArgumentException(
          "maxAttempts and deadlineAttempts must be >= 0 and breakerFailures >= 1");
    }
  }

  /** Settings with the default limit on deadline attempts. */
  public ClientConfig(
      List<ServerAddress> servers,
      Duration inferDeadline,
      Duration metadataDeadline,
      int maxInboundMessageBytes,
      Optional<TlsSettings> tls,
      Backoff backoff,
      int maxAttempts,
      int breakerFailures,
      Duration breakerOpen,
      Duration healthInterval) {
    this(
        servers,
        inferDeadline,
        metadataDeadline,
        maxInboundMessageBytes,
        tls,
        backoff,
        maxAttempts,
        breakerFailures,
        breakerOpen,
        healthInterval,
        DEFAULT_DEADLINE_ATTEMPTS);
  }

  /**
   * Defaults for {@code servers}: 30 s inference deadline, 64 MiB messages, endless retries of
   * outages, three attempts of a request that keeps exceeding its deadline.
   */
  public static ClientConfig defaults(List<ServerAddress> servers) {
    return new ClientConfig(
        servers,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        64 * 1024 * 1024,
        Optional.empty(),
        new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 2.0),
        0,
        3,
        Duration.ofMillis(500),
        Duration.ofMillis(250),
        DEFAULT_DEADLINE_ATTEMPTS);
  }

  /** This config with another inference deadline. */
  public ClientConfig withInferDeadline(Duration deadline) {
    return new ClientConfig(
        servers,
        deadline,
        metadataDeadline,
        maxInboundMessageBytes,
        tls,
        backoff,
        maxAttempts,
        breakerFailures,
        breakerOpen,
        healthInterval,
        deadlineAttempts);
  }

  /** This config with TLS. */
  public ClientConfig withTls(TlsSettings settings) {
    return new ClientConfig(
        servers,
        inferDeadline,
        metadataDeadline,
        maxInboundMessageBytes,
        Optional.of(settings),
        backoff,
        maxAttempts,
        breakerFailures,
        breakerOpen,
        healthInterval,
        deadlineAttempts);
  }

  /** This config giving a request up after {@code attempts} deadline failures (0 = never). */
  public ClientConfig withDeadlineAttempts(int attempts) {
    return new ClientConfig(
        servers,
        inferDeadline,
        metadataDeadline,
        maxInboundMessageBytes,
        tls,
        backoff,
        maxAttempts,
        breakerFailures,
        breakerOpen,
        healthInterval,
        attempts);
  }

  /** This config with at most {@code attempts} attempts per call (0 = unlimited). */
  public ClientConfig withMaxAttempts(int attempts) {
    return new ClientConfig(
        servers,
        inferDeadline,
        metadataDeadline,
        maxInboundMessageBytes,
        tls,
        backoff,
        attempts,
        breakerFailures,
        breakerOpen,
        healthInterval,
        deadlineAttempts);
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }
  }
}
