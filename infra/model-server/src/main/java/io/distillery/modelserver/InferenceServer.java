package io.distillery.modelserver;

import io.distillery.claimcheck.s3.S3Folder;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.modelserver.grpc.InferenceService;
import io.distillery.modelserver.repository.ModelManager;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distillery's development KServe v2 gRPC server over a Triton-layout model repository, with
 * EXPLICIT model control. Start with {@link #start(ServerConfig)}, stop with {@link #close()}.
 */
public final class InferenceServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InferenceServer.class);

  private final Server server;
  private final ModelManager models;

  private InferenceServer(Server server, ModelManager models) {
    this.server = server;
    this.models = models;
  }

  /**
   * Loads the requested models and starts serving. A model that fails to load is logged and left
   * UNAVAILABLE (with the reason in the repository index); the server still starts.
   */
  public static InferenceServer start(ServerConfig config) throws IOException {
    Optional<S3Folder> remote = Optional.empty();
    if (config.remote().isPresent()) {
      // the local repository is a copy: fill it before listing what to load
      S3Folder folder = new S3Folder(config.remote().get());
      try {
        java.nio.file.Files.createDirectories(config.repository());
        List<java.nio.file.Path> copied = folder.download("", config.repository());
        log.info(
            "copied {} file(s) of {} into {}",
            copied.size(),
            folder.location(),
            config.repository());
      } catch (IOException | RuntimeException e) {
        folder.close();
        throw e;
      }
      remote = Optional.of(folder);
    }
    ModelRepository repository = ModelRepository.existing(config.repository());
    ModelManager models = new ModelManager(repository, remote);
    List<String> toLoad =
        config.loadModels().equals(List.of("*")) ? repository.modelNames() : config.loadModels();
    for (String name : toLoad) {
      try {
        models.load(name);
      } catch (ServingException e) {
        if (e.reason() == ServingException.Reason.NOT_FOUND) {
          // a student before its first version: the trainer loads it once it publishes one
          log.info("model {} not loaded yet: {}", name, e.getMessage());
        } else {
          log.error("model {} failed to load: {}", name, e.getMessage());
        }
      } catch (RuntimeException e) {
        log.error("model {} failed to load: {}", name, e.getMessage());
      }
    }
    Server server;
    try {
      server =
          builder(config)
              .maxInboundMessageSize(config.maxMessageBytes())
              .addService(new InferenceService(models, version(), config.strictReadiness()))
              .build()
              .start();
    } catch (IOException | RuntimeException e) {
      models.close();
      throw e;
    }
    log.info(
        "inference server on {}:{} ({}) serving {}",
        config.host(),
        server.getPort(),
        config.tls().map(t -> t.mutual() ? "mutual TLS" : "TLS").orElse("plaintext"),
        repository.root());
    return new InferenceServer(server, models);
  }

  private static NettyServerBuilder builder(ServerConfig config) {
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    return config.tls().isPresent()
        ? NettyServerBuilder.forAddress(address, config.tls().get().credentials())
        : NettyServerBuilder.forAddress(address);
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /** The loaded models, for in-process control. */
  public ModelManager models() {
    return models;
  }

  /** Blocks until the server shuts down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    models.close();
  }

  private static String version() {
    String v = InferenceServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
