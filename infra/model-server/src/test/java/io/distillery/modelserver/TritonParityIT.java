package io.distillery.modelserver;

import static io.distillery.modelserver.ServingFixture.floats;
import static io.distillery.modelserver.ServingFixture.fp32Request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.distillery.kserve.config.ModelConfigs;
import io.distillery.kserve.tensor.TensorCodec;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.distillery.schemas.kserve.InferParameter;
import io.distillery.schemas.kserve.ModelConfigRequest;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.kserve.ModelReadyRequest;
import io.distillery.schemas.kserve.ModelRepositoryParameter;
import io.distillery.schemas.kserve.ModelStatisticsRequest;
import io.distillery.schemas.kserve.ModelStreamInferResponse;
import io.distillery.schemas.kserve.RepositoryIndexRequest;
import io.distillery.schemas.kserve.RepositoryIndexResponse.ModelIndex;
import io.distillery.schemas.kserve.RepositoryModelLoadRequest;
import io.distillery.schemas.kserve.RepositoryModelUnloadRequest;
import io.distillery.schemas.kserve.ServerLiveRequest;
import io.distillery.schemas.kserve.ServerReadyRequest;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelInstanceGroup;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the development server must answer as Triton does, each test stating Triton's documented
 * behaviour (the protocol extensions' documentation and the server's gRPC frontend), so that code
 * tested against it behaves the same against a real Triton.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TritonParityIT {

  private static final String CLASSIFIER =
      """
      name: "classifier"
      backend: "synthetic"
      max_batch_size: 8
      input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 4 ] } ]
      output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 3 ] label_filename: "labels.txt" } ]
      dynamic_batching { }
      """;

  @TempDir Path root;
  private ServingFixture fixture;
  private GRPCInferenceServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    fixture = new ServingFixture(root);
    fixture.model("classifier", CLASSIFIER, 1);
    Files.writeString(root.resolve("classifier/labels.txt"), "zero\none\ntwo\n");
    fixture.model(
        "failing",
        CLASSIFIER.replace("\"classifier\"", "\"failing\"")
            + "parameters: { key: \"behaviour\" value: { string_value: \"fail\" } }\n",
        1);
    fixture.model(
        "streaming",
        CLASSIFIER.replace("\"classifier\"", "\"streaming\"")
            + "model_transaction_policy { decoupled: true }\n",
        1);
    fixture.model(
        "broken",
        "name: \"broken\"\nbackend: \"tensorflow\"\nmax_batch_size: 1\n"
            + "input [ { name: \"x\" data_type: TYPE_FP32 dims: [ 1 ] } ]\n"
            + "output [ { name: \"y\" data_type: TYPE_FP32 dims: [ 1 ] } ]\n",
        1);
    stub = fixture.start();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void shouldRefuseLoadParametersAsTritonsFrontendDoes() {
    // Triton: only "config" (string_param) and "file:<path>" (bytes_param) are load parameters
    assertLoadFails(
        Map.of("foo", string("bar")),
        Status.Code.INVALID_ARGUMENT,
        "unrecognized load parameter 'foo'.");
    assertLoadFails(
        Map.of("config", bytes("{}")),
        Status.Code.INVALID_ARGUMENT,
        "invalid value type for load parameter 'config', expected string_param.");
    assertLoadFails(
        Map.of("file:1/model.pt", string("x")),
        Status.Code.INVALID_ARGUMENT,
        "invalid value type for load parameter 'file:1/model.pt', expected bytes_param.");
    // Triton: a file override without a config fails while polling the repository
    assertLoadFails(
        Map.of("file:1/model.pt", bytes("x")),
        Status.Code.INTERNAL,
        "failed to load 'classifier', failed to poll from model repository");
    assertLoadFails(
        Map.of("config", string(ModelConfigs.toJson(config())), "file:../escape", bytes("x")),
        Status.Code.INVALID_ARGUMENT,
        "must stay within model directory");
    assertThat(root.resolve("escape")).doesNotExist();
  }

  @Test
  void shouldLoadAModelHandedOverInTheLoadRequest() throws Exception {
    ModelConfig uploaded = config().toBuilder().setName("uploaded").build();
    stub.repositoryModelLoad(
        RepositoryModelLoadRequest.newBuilder()
            .setModelName("uploaded")
            .putParameters("config", string(ModelConfigs.toJson(uploaded)))
            .putParameters("file:1/notes.txt", bytes("version one"))
            .build());

    assertThat(ready("uploaded")).isTrue();
    assertThat(Files.readString(root.resolve("uploaded/1/notes.txt"))).isEqualTo("version one");
    ModelInferResponse answer =
        stub.modelInfer(fp32Request("uploaded", "INPUT__0", new long[] {1, 4}, 1, 2, 3, 4));
    assertThat(answer.getModelName()).isEqualTo("uploaded");
    assertThat(floats(answer.getRawOutputContents(0))).hasSize(3);
  }

  @Test
  void shouldAnswerModelReadyFalseForUnknownAndUnloadedModels() {
    // Triton up to 26.06: OK with ready=false for a model it does not know or has unloaded
    assertThat(ready("no-such-model")).isFalse();
    assertThat(ready("classifier")).isTrue();
    stub.repositoryModelUnload(
        RepositoryModelUnloadRequest.newBuilder().setModelName("classifier").build());
    assertThat(ready("classifier")).isFalse();
    // Triton keeps the unloaded version in the index, UNAVAILABLE with reason "unloaded"
    List<ModelIndex> index =
        stub.repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsList();
    assertThat(index)
        .filteredOn(m -> m.getName().equals("classifier"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getVersion()).isEqualTo("1");
              assertThat(m.getState()).isEqualTo("UNAVAILABLE");
              assertThat(m.getReason()).isEqualTo("unloaded");
            });
    assertThat(index)
        .filteredOn(m -> m.getName().equals("broken"))
        .singleElement()
        .satisfies(m -> assertThat(m.getState()).isEqualTo("UNAVAILABLE"));
  }

  @Test
  void shouldReportNotReadyUnderStrictReadinessWhileAModelFailedToLoad() throws Exception {
    // Triton's --strict-readiness (default true): not ready while any model failed to load;
    // live all the same
    assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isFalse();
    assertThat(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    try (ServingFixture lenient = new ServingFixture(root)) {
      GRPCInferenceServiceBlockingStub stub =
          lenient.start(ServerConfig.loopback(root, 0).withStrictReadiness(false));
      assertThat(stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
    }
  }

  @Test
  void shouldAnswerTheClassificationExtensionWithSortedScoreIndexLabelStrings() {
    ModelInferRequest request =
        fp32Request("classifier", "INPUT__0", new long[] {2, 4}, 1, 2, 3, 4, 5, 6, 7, 8);
    float[] scores = floats(stub.modelInfer(request).getRawOutputContents(0));
    ModelInferRequest classify =
        request.toBuilder()
            .addOutputs(
                ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                    .setName("OUTPUT__0")
                    .putParameters(
                        "classification", InferParameter.newBuilder().setInt64Param(2).build()))
            .build();

    ModelInferResponse answer = stub.modelInfer(classify);

    // Triton: BYTES [batch, k], each row's k highest "score:index:label", six decimals
    assertThat(answer.getOutputs(0).getDatatype()).isEqualTo("BYTES");
    assertThat(answer.getOutputs(0).getShapeList()).containsExactly(2L, 2L);
    List<String> strings =
        TensorCodec.decodeBytes(answer.getRawOutputContents(0).toByteArray()).stream()
            .map(b -> new String(b, StandardCharsets.UTF_8))
            .toList();
    String[] labels = {"zero", "one", "two"};
    for (int row = 0; row < 2; row++) {
      int best = argmax(scores, row * 3);
      assertThat(strings.get(row * 2))
          .isEqualTo(
              String.format(
                  java.util.Locale.ROOT, "%f:%d:%s", scores[row * 3 + best], best, labels[best]))
          .matches("\\d+\\.\\d{6}:\\d:[a-z]+");
      float second = Float.parseFloat(strings.get(row * 2 + 1).split(":")[0]);
      assertThat(second).isLessThanOrEqualTo(scores[row * 3 + best]);
    }
    assertThatThrownBy(
            () ->
                stub.modelInfer(
                    request.toBuilder()
                        .addOutputs(
                            ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                                .setName("OUTPUT__0")
                                .putParameters(
                                    "classification",
                                    InferParameter.newBuilder().setStringParam("2").build()))
                        .build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("expected int64_param");
  }

  @Test
  void shouldCountFailuresOfExecutionButNotOfRejectedRequests() {
    // Triton counts a failure once a request is queued (a backend error), not a request refused by
    // validation (wrong shape, unknown input) before it
    assertThatThrownBy(
            () ->
                stub.modelInfer(fp32Request("failing", "INPUT__0", new long[] {1, 4}, 1, 2, 3, 4)))
        .isInstanceOf(StatusRuntimeException.class);
    assertThatThrownBy(
            () ->
                stub.modelInfer(fp32Request("classifier", "INPUT__0", new long[] {1, 3}, 1, 2, 3)))
        .isInstanceOf(StatusRuntimeException.class);

    assertThat(failures("failing")).isEqualTo(1);
    assertThat(failures("classifier")).isZero();
  }

  @Test
  void shouldFillTheConfigDefaultsTritonFillsIn() {
    ModelConfig served =
        stub.modelConfig(ModelConfigRequest.newBuilder().setName("classifier").build()).getConfig();

    assertThat(served.getVersionPolicy()).isEqualTo(ModelConfigs.latestVersions(1));
    assertThat(served.getDynamicBatching().getPreferredBatchSizeList()).containsExactly(8);
    assertThat(served.getInstanceGroupList())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.getName()).isEqualTo("classifier");
              assertThat(g.getCount()).isEqualTo(1);
              assertThat(g.getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_CPU);
            });
  }

  @Test
  void shouldServeDecoupledModelsOnTheStreamOnlyAndKeepTheStreamOpenAfterAnError()
      throws Exception {
    ModelInferRequest good =
        fp32Request("streaming", "INPUT__0", new long[] {1, 4}, 1, 2, 3, 4).toBuilder()
            .setId("a")
            .build();
    // Triton: "ModelInfer RPC doesn't support models with decoupled transaction policy"
    assertThatThrownBy(() -> stub.modelInfer(good))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e ->
                assertThat(((StatusRuntimeException) e).getStatus().getCode())
                    .isEqualTo(Status.Code.UNIMPLEMENTED));

    List<ModelStreamInferResponse> answers = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    StreamObserver<ModelInferRequest> requests =
        GRPCInferenceServiceGrpc.newStub(fixture.channel)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .modelStreamInfer(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ModelStreamInferResponse value) {
                    answers.add(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    ended.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    ended.complete(null);
                  }
                });
    requests.onNext(good);
    requests.onNext(good.toBuilder().setModelName("no-such-model").setId("b").build());
    requests.onNext(good.toBuilder().setId("c").build());
    // the client closes its side at once: the server still answers every request before it ends
    requests.onCompleted();
    ended.get(10, TimeUnit.SECONDS);
    assertThat(answers).hasSize(3);

    assertThat(answers)
        .filteredOn(a -> !a.getErrorMessage().isEmpty())
        .singleElement()
        .satisfies(a -> assertThat(a.getInferResponse().getId()).isEqualTo("b"));
    assertThat(answers)
        .filteredOn(a -> a.getErrorMessage().isEmpty())
        .extracting(a -> a.getInferResponse().getId())
        .containsExactlyInAnyOrder("a", "c");
    assertThat(answers)
        .filteredOn(a -> a.getErrorMessage().isEmpty())
        .allSatisfy(
            a ->
                assertThat(
                        a.getInferResponse()
                            .getParametersMap()
                            .get("triton_final_response")
                            .getBoolParam())
                    .isTrue());
  }

  private long failures(String model) {
    return stub.modelStatistics(ModelStatisticsRequest.newBuilder().setName(model).build())
        .getModelStats(0)
        .getInferenceStats()
        .getFail()
        .getCount();
  }

  private boolean ready(String model) {
    return stub.modelReady(ModelReadyRequest.newBuilder().setName(model).build()).getReady();
  }

  private static ModelConfig config() {
    return ModelConfigs.parse(CLASSIFIER);
  }

  private void assertLoadFails(
      Map<String, ModelRepositoryParameter> parameters, Status.Code code, String message) {
    assertThatThrownBy(
            () ->
                stub.repositoryModelLoad(
                    RepositoryModelLoadRequest.newBuilder()
                        .setModelName("classifier")
                        .putAllParameters(parameters)
                        .build()))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(
            e -> {
              Status status = ((StatusRuntimeException) e).getStatus();
              assertThat(status.getCode()).isEqualTo(code);
              assertThat(status.getDescription()).contains(message);
            });
  }

  private static ModelRepositoryParameter string(String value) {
    return ModelRepositoryParameter.newBuilder().setStringParam(value).build();
  }

  private static ModelRepositoryParameter bytes(String value) {
    return ModelRepositoryParameter.newBuilder()
        .setBytesParam(ByteString.copyFromUtf8(value))
        .build();
  }

  private static int argmax(float[] values, int from) {
    int best = 0;
    for (int i = 1; i < 3; i++) {
      if (values[from + i] > values[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
