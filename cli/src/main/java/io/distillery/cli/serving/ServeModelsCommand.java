package io.distillery.cli.serving;

import io.distillery.cli.S3Options;
import io.distillery.models.DemoRepository;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.modelserver.ServerTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code distillery serve-models}: the development KServe v2 gRPC server over a model repository.
 */
@Command(
    name = "serve-models",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a Triton-layout model repository over the KServe v2 gRPC protocol (EXPLICIT model"
          + " control, dynamic batching, statistics): TorchScript, pocketsphinx and synthetic models."
    })
public final class ServeModelsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--repository",
      required = true,
      description = "Model repository root (<model>/config.pbtxt, <model>/<version>/).")
  Path repository;

  @Option(
      names = "--remote-repository",
      paramLabel = "s3://BUCKET/PREFIX",
      description =
          "Serve a model repository kept in S3 (Triton's layout, as Triton's s3:// repositories):"
              + " --repository is then its local copy, filled at start and refreshed for a model"
              + " before each load request.")
  String remoteRepository;

  @Mixin S3Options s3;

  @Option(
      names = "--port",
      defaultValue = "8001",
      description = "gRPC port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Bind address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--load-model",
      description = "Model to load at start (repeatable); default: every model in the repository.")
  List<String> loadModels;

  @Option(
      names = "--max-message-mib",
      defaultValue = "64",
      description = "Largest gRPC message in MiB (default: ${DEFAULT-VALUE}).")
  int maxMessageMib;

  @Option(
      names = "--write-demo",
      description = "First write (or refresh) the demo model configurations into the repository.")
  boolean writeDemo;

  @Option(
      names = "--torch-threads",
      defaultValue = "1",
      description = "libtorch intra- and inter-op threads (default: ${DEFAULT-VALUE}).")
  int torchThreads;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain to serve TLS with (needs --tls-key).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM PKCS#8 private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      paramLabel = "FILE",
      description =
          "PEM CA certificates: clients must present a certificate they issued (mutual TLS).")
  Path tlsClientCa;

  @Option(
      names = "--strict-readiness",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "As Triton's flag: ServerReady is false while a model asked to load failed (default:"
              + " ${DEFAULT-VALUE}); --no-strict-readiness: ready while live.")
  boolean strictReadiness;

  /** The server settings these options describe. */
  ServerConfig config() {
    ServerConfig config =
        new ServerConfig(
                repository,
                host,
                port,
                maxMessageMib * 1024 * 1024,
                loadModels == null || loadModels.isEmpty() ? List.of("*") : loadModels)
            .withStrictReadiness(strictReadiness);
    if (remoteRepository != null) {
      try {
        config = config.withRemoteRepository(s3.bucket(remoteRepository));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    if (tlsCert == null && tlsKey == null && tlsClientCa == null) {
      return config;
    }
    if (tlsCert == null || tlsKey == null) {
      throw new ParameterException(spec.commandLine(), "TLS needs both --tls-cert and --tls-key");
    }
    try {
      return config.withTls(new ServerTls(tlsCert, tlsKey, Optional.ofNullable(tlsClientCa)));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(torchThreads));
    if (writeDemo) {
      Files.createDirectories(repository);
      DemoRepository.write(repository);
    }
    ServerConfig config = config();
    try (InferenceServer server = InferenceServer.start(config)) {
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "serve-models-shutdown"));
      System.out.printf(
          "serving %s on %s:%d (%s)%n",
          repository,
          host,
          server.port(),
          config.tls().map(t -> t.mutual() ? "mutual TLS" : "TLS").orElse("plaintext"));
      server.awaitTermination();
    }
    return 0;
  }
}
