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
