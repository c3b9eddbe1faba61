package io.distillery.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.claimcheck.s3.S3Folder;
import io.distillery.claimcheck.s3.S3Settings;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.testkit.s3.S3ProxyProcess;
import io.distillery.testkit.s3.S3Server;
import io.distillery.trainer.engine.Metric;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.publish.GrpcModelServer;
import io.distillery.trainer.publish.StudentPublisher;
import io.distillery.trainer.publish.StudentSignature;
import io.distillery.trainer.publish.StudentVersions;
import io.distillery.trainer.publish.VersionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A model repository in S3, as Triton fleets keep theirs: the trainer publishes each student
 * version into {@code s3://models/repo} (its own folder is only a staging copy), and the
 * development server, with nothing shared but the bucket, serves from a copy of it that it fills at
 * start and refreshes on each load request; a rollback travels the same way. Against a real S3
 * server (s3proxy, SigV4) in a JVM of its own.
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class S3ModelRepositoryIT {

  @TempDir Path dir;

  @Test
  void shouldPublishVersionsToS3AndServeThemFromThere() throws Exception {
    Path jar =
        S3ProxyProcess.jar()
            .orElseThrow(() -> new AssertionError("target/s3proxy/s3proxy.jar: run through Maven"));
    try (S3ProxyProcess s3 =
        S3ProxyProcess.start(jar, dir.resolve("s3"), dir.resolve("logs"), "models")) {
      S3Settings settings =
          S3Settings.defaults()
              .withEndpoint(s3.endpoint(), true)
              .withRegion("us-east-1")
              .withCredentials(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
      BlobLocation.Bucket repo =
          (BlobLocation.Bucket) BlobLocation.parse("s3://models/repo", settings);
      Path staging = dir.resolve("trainer-staging");
      Path serverCopy = dir.resolve("server-copy");
      List<VersionInfo> announced = new ArrayList<>();
      try (S3Folder trainerSide = new S3Folder(repo)) {
        StudentVersions versions =
            new StudentVersions(
                new ModelRepository(staging),
                StudentSignature.imageClassifier("fmnist-student"),
                "fmnist",
                Optional.of(trainerSide));
        try (TorchScriptModule student =
            TorchScriptModule.loadForInference(
                ModelDefinitions.inCache(Path.of("target", "models").toAbsolutePath())
                    .ensure(DemoModel.IMAGE_STUDENT))) {
          // version 1 goes to S3 before any server exists
          new StudentPublisher(versions, 0.01, List.of(), announced::add)
              .consider(student, new Metric("accuracy", 0.80, true), 10, 320);
          assertThat(s3.keys("models"))
              .containsExactlyInAnyOrder(
                  "repo/fmnist-student/config.pbtxt",
                  "repo/fmnist-student/1/model.pt",
                  "repo/fmnist-student/1/version.json");
          assertThat(announced.get(0).artifactUri())
              .isEqualTo("s3://models/repo/fmnist-student/1/model.pt");

          try (InferenceServer server =
                  InferenceServer.start(
                      ServerConfig.loopback(serverCopy, 0).withRemoteRepository(repo));
              GrpcModelServer client =
                  new GrpcModelServer(
                      new ServerAddress("127.0.0.1", server.port()), Duration.ofSeconds(30))) {
            assertThat(serving(server)).as("served from the copy made at start").contains(1L);

            // version 2: written to S3, then the server is asked to load and fetches it
            StudentPublisher publisher =
                new StudentPublisher(versions, 0.01, List.of(client), announced::add);
            var second = publisher.consider(student, new Metric("accuracy", 0.81, true), 20, 640);
            assertThat(second.version()).isEqualTo(2);
            assertThat(serving(server)).contains(2L);
            assertThat(serverCopy.resolve("fmnist-student/2/model.pt"))
                .hasSameBinaryContentAs(staging.resolve("fmnist-student/2/model.pt"));

            // a rollback is a new version copied from an old one: it reaches the server the same
            // way
            VersionInfo rolled = versions.rollback(1);
            client.loadAndWarmUp(versions.signature(), rolled.version());
            assertThat(serving(server)).contains(3L);
            assertThat(serverCopy.resolve("fmnist-student/3/model.pt"))
                .hasSameBinaryContentAs(staging.resolve("fmnist-student/1/model.pt"));
          }
        }
      }
      assertThat(s3.keys("models")).contains("repo/fmnist-student/3/model.pt");
      assertThat(Files.exists(serverCopy.resolve("fmnist-student/config.pbtxt"))).isTrue();
    }
  }

  /** The versions of the student the server serves now. */
  private static java.util.Set<Long> serving(InferenceServer server) {
    return server
        .models()
        .loaded("fmnist-student")
        .map(m -> m.versions().keySet())
        .orElse(java.util.Set.of());
  }
}
