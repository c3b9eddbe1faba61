package io.distillery.cli.trainer;

import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.client.TlsSettings;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.trainer.publish.GrpcModelServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The servers a student version is loaded on, and how it gets there; a picocli mixin. */
final class ModelServerOptions {

  /** How a version reaches the servers. */
  enum PublishMode {
    /** In the load request: Triton's {@code config} and {@code file:} parameters. */
    upload,
    /** Through a model repository the trainer and the servers share. */
    shared
  }

  @Option(
      names = "--model-server",
      paramLabel = "HOST:PORT",
      description =
          "A KServe v2 / Triton gRPC server to load each published version on; repeatable.")
  List<String> servers;

  @Option(
      names = "--publish-mode",
      defaultValue = "upload",
      description =
          "How a version reaches the servers: upload (the load request carries the config and"
              + " model file, no shared disk; Triton needs --model-control-mode=explicit) or"
              + " shared (the servers re-read a repository they share with the trainer)."
              + " Default: ${DEFAULT-VALUE}.")
  PublishMode mode;

  /** One connection per server, reading uploads from {@code repository}; close them when done. */
  List<GrpcModelServer> open(Optional<TlsSettings> tls, ModelRepository repository) {
    List<GrpcModelServer> out = new ArrayList<>();
    for (String target : servers == null ? List.<String>of() : servers) {
      ServerAddress address = ServerAddress.parse(target);
      Duration deadline = Duration.ofSeconds(60);
      out.add(
          mode == PublishMode.upload
              ? GrpcModelServer.uploading(address, deadline, tls, repository)
              : new GrpcModelServer(address, deadline, tls));
    }
    return out;
  }
}
