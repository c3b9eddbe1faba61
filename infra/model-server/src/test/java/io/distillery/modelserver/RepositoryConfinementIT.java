package io.distillery.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.distillery.schemas.kserve.ModelReadyRequest;
import io.distillery.schemas.kserve.RepositoryModelLoadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * RepositoryModelLoad over the wire never reaches outside the model repository: parent and absolute
 * names, model folders, version folders and config files linked out of the root, and a model file
 * name leading out of its version folder are all refused with INVALID_ARGUMENT, and nothing from
 * outside gets loaded.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RepositoryConfinementIT {

  private static final String SYNTHETIC =
      """
      backend: "synthetic"
      max_batch_size: 0
      input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 4 ] } ]
      output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 3 ] } ]
      """;

  @TempDir Path root;
  @TempDir Path outside;
  private ServingFixture fixture;
  private GRPCInferenceServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    fixture = new ServingFixture(root);
    fixture.model("inside", SYNTHETIC, 1);
    Files.createDirectories(outside.resolve("escaped/1"));
    Files.writeString(outside.resolve("escaped/config.pbtxt"), SYNTHETIC);
    Files.writeString(outside.resolve("stolen.pbtxt"), SYNTHETIC);
    stub = fixture.start();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void shouldRefuseParentAndAbsoluteModelNames() {
    assertRefused("../inside", "not a plain folder name");
    assertRefused("inside/../inside", "not a plain folder name");
    assertRefused(outside.resolve("escaped").toString(), "not a plain folder name");
    assertRefused("..", "not a plain folder name");
  }

  @Test
  void shouldRefuseAModelFolderLinkedOutOfTheRoot() throws Exception {
    Files.createSymbolicLink(root.resolve("linked"), outside.resolve("escaped"));

    assertRefused("linked", "outside the model repository");
    assertThat(ready("linked")).isFalse();
  }

  @Test
  void shouldRefuseAVersionFolderLinkedOutOfTheRoot() throws Exception {
    Files.createDirectories(root.resolve("versioned"));
    Files.writeString(root.resolve("versioned/config.pbtxt"), SYNTHETIC);
    Files.createSymbolicLink(root.resolve("versioned/1"), outside.resolve("escaped/1"));

    assertRefused("versioned", "outside the model repository");
    assertThat(ready("versioned")).isFalse();
  }

  @Test
  void shouldRefuseAConfigLinkedOutOfTheRoot() throws Exception {
    Files.createDirectories(root.resolve("borrowed/1"));
    Files.createSymbolicLink(
        root.resolve("borrowed/config.pbtxt"), outside.resolve("stolen.pbtxt"));

    assertRefused("borrowed", "outside the model repository");
    assertThat(ready("borrowed")).isFalse();
  }

  @Test
  void shouldRefuseAModelFileNameLeadingOutOfItsVersionFolder() throws Exception {
    Files.writeString(outside.resolve("model.pt"), "not a model");
    String escape = root.resolve("torch/1").relativize(outside.resolve("model.pt")).toString();
    fixture.model(
        "torch",
        """
        platform: "pytorch_libtorch"
        default_model_filename: "%s"
        max_batch_size: 0
        input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 4 ] } ]
        output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 3 ] } ]
        """
            .formatted(escape),
        1);

    assertRefused("torch", "leads outside its version folder");
    assertThat(ready("torch")).isFalse();
  }

  @Test
  void shouldStillLoadAModelInsideTheRoot() {
    stub.repositoryModelLoad(
        RepositoryModelLoadRequest.newBuilder().setModelName("inside").build());

    assertThat(ready("inside")).isTrue();
  }

  private void assertRefused(String name, String why) {
    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                stub.repositoryModelLoad(
                    RepositoryModelLoadRequest.newBuilder().setModelName(name).build()));
    assertThat(error).as("load of %s", name).isNotNull();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(error.getStatus().getDescription()).contains(why);
  }

  private boolean ready(String name) {
    try {
      return stub.modelReady(ModelReadyRequest.newBuilder().setName(name).build()).getReady();
    } catch (StatusRuntimeException e) {
      return false;
    }
  }
}
