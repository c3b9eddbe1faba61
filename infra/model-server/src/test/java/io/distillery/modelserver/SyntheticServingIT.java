package io.distillery.modelserver;

import static io.distillery.modelserver.ServingFixture.floats;
import static io.distillery.modelserver.ServingFixture.fp32Request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.TextFormat;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.distillery.schemas.kserve.ModelConfigRequest;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.kserve.ModelMetadataRequest;
import io.distillery.schemas.kserve.ModelMetadataResponse;
import io.distillery.schemas.kserve.ModelReadyRequest;
import io.distillery.schemas.kserve.ModelStatistics;
import io.distillery.schemas.kserve.ModelStatisticsRequest;
import io.distillery.schemas.kserve.RepositoryIndexRequest;
import io.distillery.schemas.kserve.RepositoryModelLoadRequest;
import io.distillery.schemas.kserve.RepositoryModelUnloadRequest;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SyntheticServingIT {

  private static final String CLASSIFIER =
      """
      name: "classifier"
      backend: "synthetic"
      max_batch_size: 8
      version_policy: { latest: { num_versions: 2 } }
      input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 4 ] } ]
      output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 3 ] } ]
      dynamic_batching { max_queue_delay_microseconds: 50000 }
      instance_group [ { count: 1 kind: KIND_CPU } ]
      parameters: { key: "delay_ms" value: { string_value: "20" } }
      """;

  @TempDir Path root;
  private ServingFixture fixture;
  private GRPCInferenceServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    fixture = new ServingFixture(root);
    fixture.model("classifier", CLASSIFIER, 1);
    fixture.model(
        "hanging",
        CLASSIFIER.replace("\"classifier\"", "\"hanging\"")
            + "parameters: { key: \"behaviour\" value: { string_value: \"hang\" } }\n"
            + "parameters: { key: \"execution_timeout_ms\" value: { string_value: \"300\" } }\n",
        1);
    stub = fixture.start();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void shouldServeTheConfigParsedFromConfigPbtxtAndItsMetadata() throws Exception {
    ModelConfig served =
        stub.modelConfig(ModelConfigRequest.newBuilder().setName("classifier").build()).getConfig();
    ModelMetadataResponse metadata =
        stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("classifier").build());

    // as written, with the defaults Triton fills in: the instance group's name, the preferred
    // batch size
    ModelConfig.Builder expected = TextFormat.parse(CLASSIFIER, ModelConfig.class).toBuilder();
    expected.getInstanceGroupBuilder(0).setName("classifier_0");
    expected.getDynamicBatchingBuilder().addPreferredBatchSize(8);
    assertThat(served).isEqualTo(expected.build());
    assertThat(metadata.getVersionsList()).containsExactly("1");
    assertThat(metadata.getInputs(0).getDatatype()).isEqualTo("FP32");
    assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 4L);
    assertThat(metadata.getOutputs(0).getShapeList()).containsExactly(-1L, 3L);
  }

  @Test
  void shouldAnswerDeterministicallyWithRawOutputs() {
    ModelInferRequest request =
        fp32Request("classifier", "INPUT__0", new long[] {2, 4}, 1, 2, 3, 4, 5, 6, 7, 8);

    ModelInferResponse first = stub.modelInfer(request.toBuilder().setId("r1").build());
    ModelInferResponse second = stub.modelInfer(request);

    assertThat(first.getId()).isEqualTo("r1");
    assertThat(first.getModelVersion()).isEqualTo("1");
    assertThat(first.getOutputs(0).getShapeList()).containsExactly(2L, 3L);
    float[] probabilities = floats(first.getRawOutputContents(0));
    assertThat(probabilities).hasSize(6);
    assertThat(probabilities[0] + probabilities[1] + probabilities[2]).isCloseTo(1f, within());
    assertThat(floats(second.getRawOutputContents(0))).containsExactly(probabilities);
  }

  @Test
  void shouldRejectBadRequestsWithTheRightStatusCodes() {
    float[] four = {1, 2, 3, 4};
    assertCode(
        fp32Request("classifier", "INPUT__0", new long[] {1, 5}, 1, 2, 3, 4, 5),
        Status.Code.INVALID_ARGUMENT);
    assertCode(
        fp32Request("classifier", "INPUT__0", new long[] {2, 4}, four),
        Status.Code.INVALID_ARGUMENT);
    assertCode(
        fp32Request("classifier", "WRONG", new long[] {1, 4}, four), Status.Code.INVALID_ARGUMENT);
    assertCode(
        fp32Request("classifier", "INPUT__0", new long[] {9, 4}, new float[36]),
        Status.Code.INVALID_ARGUMENT);
    ModelInferRequest good = fp32Request("classifier", "INPUT__0", new long[] {1, 4}, four);
    assertCode(
        good.toBuilder().setInputs(0, good.getInputs(0).toBuilder().setDatatype("INT32")).build(),
        Status.Code.INVALID_ARGUMENT);
    assertCode(good.toBuilder().setModelName("no-such-model").build(), Status.Code.NOT_FOUND);
    assertCode(good.toBuilder().setModelVersion("7").build(), Status.Code.NOT_FOUND);
    assertCode(
        good.toBuilder().setModelName("../classifier").build(), Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void shouldFailAHangingModelWithUnavailableInsteadOfHanging() {
    ModelInferRequest request = fp32Request("hanging", "INPUT__0", new long[] {1, 4}, 1, 2, 3, 4);

    assertCode(request, Status.Code.UNAVAILABLE);
    assertThat(stats("hanging").getInferenceStats().getFail().getCount()).isEqualTo(1);
  }

  @Test
  void shouldBatchConcurrentRequestsIntoFewerExecutions() {
    var async = GRPCInferenceServiceGrpc.newStub(fixture.channel);
    List<CompletableFuture<ModelInferResponse>> answers = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      CompletableFuture<ModelInferResponse> answer = new CompletableFuture<>();
      async
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .modelInfer(
              fp32Request("classifier", "INPUT__0", new long[] {1, 4}, i, 0, 0, 0),
              observer(answer));
      answers.add(answer);
    }
    answers.forEach(CompletableFuture::join);

    ModelStatistics stats = stats("classifier");
    assertThat(stats.getInferenceCount()).isEqualTo(24);
    assertThat(stats.getExecutionCount()).isLessThan(24).isGreaterThanOrEqualTo(3);
    assertThat(stats.getInferenceStats().getSuccess().getCount()).isEqualTo(24);
    assertThat(stats.getInferenceStats().getQueue().getCount()).isEqualTo(24);
  }

  @Test
  void shouldLoadANewVersionWhileTheOldOneKeepsAnswering() throws Exception {
    ModelInferRequest v1 =
        fp32Request("classifier", "INPUT__0", new long[] {1, 4}, 1, 2, 3, 4).toBuilder()
            .setModelVersion("1")
            .build();
    Files.createDirectories(root.resolve("classifier/2"));
    assertThat(ready("classifier", "2")).isFalse();

    stub.repositoryModelLoad(
        RepositoryModelLoadRequest.newBuilder().setModelName("classifier").build());

    assertThat(ready("classifier", "2")).isTrue();
    assertThat(ready("classifier", "1")).isTrue();
    assertThat(stub.modelInfer(v1).getModelVersion()).isEqualTo("1");
    assertThat(stub.modelInfer(v1.toBuilder().clearModelVersion().build()).getModelVersion())
        .isEqualTo("2");
    assertThat(
            stub.repositoryIndex(RepositoryIndexRequest.newBuilder().setReady(true).build())
                .getModelsList())
        .extracting(m -> m.getName() + "/" + m.getVersion())
        .contains("classifier/1", "classifier/2");

    stub.repositoryModelUnload(
        RepositoryModelUnloadRequest.newBuilder().setModelName("classifier").build());

    assertThat(ready("classifier", "")).isFalse();
    assertCode(v1, Status.Code.UNAVAILABLE);
  }

  private boolean ready(String name, String version) {
    return stub.modelReady(ModelReadyRequest.newBuilder().setName(name).setVersion(version).build())
        .getReady();
  }

  private ModelStatistics stats(String name) {
    return stub.modelStatistics(
            ModelStatisticsRequest.newBuilder().setName(name).setVersion("1").build())
        .getModelStats(0);
  }

  private void assertCode(ModelInferRequest request, Status.Code code) {
    StatusRuntimeException error =
        catchThrowableOfType(StatusRuntimeException.class, () -> stub.modelInfer(request));
    assertThat(error).as("status for %s", request.getModelName()).isNotNull();
    assertThat(error.getStatus().getCode()).as(error.getStatus().toString()).isEqualTo(code);
  }

  private static org.assertj.core.data.Offset<Float> within() {
    return org.assertj.core.data.Offset.offset(1e-5f);
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        answer.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        answer.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
