package io.distillery.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.models.DemoModel;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.ModelReadyRequest;
import io.distillery.trainer.engine.Metric;
import io.distillery.trainer.engine.Students;
import io.distillery.trainer.engine.TorchScriptModule;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PublishToServerIT {

  @TempDir Path repo;

  @Test
  void shouldLoadEachPublishedVersionOnTheServerAndAnswerItsWarmUp() throws Exception {
    List<VersionInfo> announced = new ArrayList<>();
    StudentVersions versions =
        new StudentVersions(
            new ModelRepository(repo),
            StudentSignature.imageClassifier("fmnist-student"),
            "fmnist");
    try (InferenceServer server = InferenceServer.start(ServerConfig.loopback(repo, 0));
        GrpcModelServer client =
            new GrpcModelServer(
                new ServerAddress("127.0.0.1", server.port()), Duration.ofSeconds(30));
        TorchScriptModule student =
            TorchScriptModule.loadForInference(Students.definition(DemoModel.IMAGE_STUDENT))) {
      StudentPublisher publisher =
          new StudentPublisher(versions, 0.01, List.of(client), announced::add);

      var first = publisher.consider(student, new Metric("accuracy", 0.80, true), 10, 320);
      var second = publisher.consider(student, new Metric("accuracy", 0.81, true), 20, 640);

      assertThat(first.published()).isTrue();
      assertThat(second.version()).isEqualTo(2);
      assertThat(ready(server.port(), "2")).isTrue();
      assertThat(announced).extracting(VersionInfo::version).containsExactly(1L, 2L);
    }
  }

  /**
   * The trainer on a repository of its own, the server on another, nothing shared: each version
   * travels in the load request (Triton's {@code config} and {@code file:} parameters), and a
   * rollback reaches the server the same way.
   */
  @Test
  void shouldPublishAndRollBackWithoutASharedDisk(@TempDir Path serverRepo) throws Exception {
    List<VersionInfo> announced = new ArrayList<>();
    ModelRepository trainerRepository = new ModelRepository(repo);
    StudentVersions versions =
        new StudentVersions(
            trainerRepository, StudentSignature.imageClassifier("fmnist-student"), "fmnist");
    try (InferenceServer server = InferenceServer.start(ServerConfig.loopback(serverRepo, 0));
        GrpcModelServer client =
            GrpcModelServer.uploading(
                new ServerAddress("127.0.0.1", server.port()),
                Duration.ofSeconds(30),
                java.util.Optional.empty(),
                trainerRepository);
        TorchScriptModule student =
            TorchScriptModule.loadForInference(Students.definition(DemoModel.IMAGE_STUDENT))) {
      StudentPublisher publisher =
          new StudentPublisher(versions, 0.01, List.of(client), announced::add);
      assertThat(serverRepo.resolve("fmnist-student")).as("the server starts empty").doesNotExist();

      publisher.consider(student, new Metric("accuracy", 0.80, true), 10, 320);
      publisher.consider(student, new Metric("accuracy", 0.81, true), 20, 640);

      assertThat(ready(server.port(), "2")).isTrue();
      assertThat(serverRepo.resolve("fmnist-student/2/model.pt"))
          .hasSameBinaryContentAs(repo.resolve("fmnist-student/2/model.pt"));

      VersionInfo rolled = versions.rollback(1);
      client.loadAndWarmUp(versions.signature(), rolled.version());

      assertThat(rolled.version()).isEqualTo(3);
      assertThat(ready(server.port(), "3")).isTrue();
      assertThat(serverRepo.resolve("fmnist-student/3/model.pt"))
          .as("the rolled-back copy is version 1's model")
          .hasSameBinaryContentAs(repo.resolve("fmnist-student/1/model.pt"));
      assertThat(announced).extracting(VersionInfo::version).containsExactly(1L, 2L);
    }
  }

  private static boolean ready(int port, String version) throws InterruptedException {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      return GRPCInferenceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .modelReady(
              ModelReadyRequest.newBuilder().setName("fmnist-student").setVersion(version).build())
          .getReady();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
