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

  /**
   * Defaults for {@code servers}: 30 s inference deadline, 64 MiB messages, endless retries of
   * outages, three attempts of a request that keeps exceeding its deadline.
   */
  public static ClientConfig defaults(List<ServerAddress> servers) {
    return builder(servers).build();
  }

  /** A builder starting from the {@linkplain #defaults defaults} for {@code servers}. */
  public static Builder builder(List<ServerAddress> servers) {
    return new Builder(servers);
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder(servers)
        .inferDeadline(inferDeadline)
        .metadataDeadline(metadataDeadline)
        .maxInboundMessageBytes(maxInboundMessageBytes)
        .tls(tls)
        .backoff(backoff)
        .maxAttempts(maxAttempts)
        .breaker(breakerFailures, breakerOpen)
        .healthInterval(healthInterval)
        .deadlineAttempts(deadlineAttempts);
  }

  /** This config with another inference deadline. */
  public ClientConfig withInferDeadline(Duration deadline) {
    return toBuilder().inferDeadline(deadline).build();
  }

  /** This config with TLS. */
  public ClientConfig withTls(TlsSettings settings) {
    return toBuilder().tls(Optional.of(settings)).build();
  }

  /** This config with at most {@code attempts} attempts per call (0 = unlimited). */
  public ClientConfig withMaxAttempts(int attempts) {
    return toBuilder().maxAttempts(attempts).build();
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + d);
    }
  }

  /** Builds a {@link ClientConfig} by name; each setting starts at its default. */
  public static final class Builder {
    private final List<ServerAddress> servers;
    private Duration inferDeadline = Duration.ofSeconds(30);
    private Duration metadataDeadline = Duration.ofSeconds(5);
    private int maxInboundMessageBytes = 64 * 1024 * 1024;
    private Optional<TlsSettings> tls = Optional.empty();
    private Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 2.0);
    private int maxAttempts;
    private int breakerFailures = 3;
    private Duration breakerOpen = Duration.ofMillis(500);
    private Duration healthInterval = Duration.ofMillis(250);
    private int deadlineAttempts = DEFAULT_DEADLINE_ATTEMPTS;

    private Builder(List<ServerAddress> servers) {
      this.servers = servers;
    }

    /** Deadline of one inference call (default 30 s). */
    public Builder inferDeadline(Duration value) {
      this.inferDeadline = value;
      return this;
    }

    /** Deadline of health, metadata and config calls (default 5 s). */
    public Builder metadataDeadline(Duration value) {
      this.metadataDeadline = value;
      return this;
    }

    /** Largest message either way (default 64 MiB). */
    public Builder maxInboundMessageBytes(int value) {
      this.maxInboundMessageBytes = value;
      return this;
    }

    /** TLS settings, or empty for plaintext (the default). */
    public Builder tls(Optional<TlsSettings> value) {
      this.tls = value;
      return this;
    }

    /** Delays between retries (default 50 ms doubling up to 2 s). */
    public Builder backoff(Backoff value) {
      this.backoff = value;
      return this;
    }

    /** Most attempts per call, 0 for no limit (the default). */
    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    /** Consecutive failures that eject a server (default 3) and how long it stays out (500 ms). */
    public Builder breaker(int failures, Duration open) {
      this.breakerFailures = failures;
      this.breakerOpen = open;
      return this;
    }

    /** How often ejected servers are probed (default 250 ms). */
    public Builder healthInterval(Duration value) {
      this.healthInterval = value;
      return this;
    }

    /** Attempts that may end in DEADLINE_EXCEEDED (default 3; 0 for no limit). */
    public Builder deadlineAttempts(int value) {
      this.deadlineAttempts = value;
      return this;
    }

    /** The validated config. */
    public ClientConfig build() {
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
          deadlineAttempts);
    }
  }
}
