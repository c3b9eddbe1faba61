package io.distillery.modelserver;

import io.distillery.claimcheck.BlobLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the development inference server.
 *
 * @param repository the model repository root
 * @param host address to bind, e.g. 127.0.0.1 or 0.0.0.0
 * @param port gRPC port; 0 picks a free one
 * @param maxMessageBytes the largest request or response message
 * @param loadModels models to load at start; empty list: none; {@code ["*"]}: every model
 * @param tls TLS (or mutual TLS) settings; empty: plaintext
 * @param strictReadiness as Triton's {@code --strict-readiness} (its default, true): ServerReady
 *     answers false while any model that was asked to load failed; false: ready while live
 * @param remote a repository in S3 ({@code s3://bucket/prefix}, Triton's layout) that {@code
 *     repository} is a local copy of: copied at start, and a model again before each load
 */
public record ServerConfig(
    Path repository,
    String host,
    int port,
    int maxMessageBytes,
    List<String> loadModels,
    Optional<ServerTls> tls,
    boolean strictReadiness,
    Optional<BlobLocation.Bucket> remote) {

  /** Default message limit: 64 MiB, room for batched audio and logits. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  /** Validates the settings. */
  public ServerConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes must be >= 1024");
    }
    loadModels = List.copyOf(loadModels);
    tls = tls == null ? Optional.empty() : tls;
    remote = remote == null ? Optional.empty() : remote;
  }

  /** A plaintext server with strict readiness. */
  public ServerConfig(
      Path repository, String host, int port, int maxMessageBytes, List<String> loadModels) {
    this(
        repository,
        host,
        port,
        maxMessageBytes,
        loadModels,
        Optional.empty(),
        true,
        Optional.empty());
  }

  /** This config serving over TLS (mutual TLS when {@code tls} names client authorities). */
  public ServerConfig withTls(ServerTls tls) {
    return new ServerConfig(
        repository,
        host,
        port,
        maxMessageBytes,
        loadModels,
        Optional.of(tls),
        strictReadiness,
        remote);
  }

  /** This config with strict readiness on or off. */
  public ServerConfig withStrictReadiness(boolean strict) {
    return new ServerConfig(
        repository, host, port, maxMessageBytes, loadModels, tls, strict, remote);
  }

  /**
   * This config serving a copy of the S3 repository {@code bucket}, kept in {@code repository}
   * (which then only caches it).
   */
  public ServerConfig withRemoteRepository(BlobLocation.Bucket bucket) {
    return new ServerConfig(
        repository,
        host,
        port,
        maxMessageBytes,
        loadModels,
        tls,
        strictReadiness,
        Optional.of(bucket));
  }

  /** Loopback server on the given port loading every model. */
  public static ServerConfig loopback(Path repository, int port) {
    return new ServerConfig(repository, "127.0.0.1", port, DEFAULT_MAX_MESSAGE_BYTES, List.of("*"));
  }
}
