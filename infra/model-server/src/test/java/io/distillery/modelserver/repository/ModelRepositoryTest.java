package io.distillery.modelserver.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.modelserver.ServingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRepositoryTest {

  @TempDir Path root;
  @TempDir Path outside;

  @Test
  void shouldListModelsAndNumericVersionsAndDefaultTheConfigName() throws Exception {
    Files.createDirectories(root.resolve("m/2"));
    Files.createDirectories(root.resolve("m/10"));
    Files.createDirectories(root.resolve("m/latest"));
    Files.writeString(root.resolve("m/config.pbtxt"), "max_batch_size: 2");
    ModelRepository repository = new ModelRepository(root);

    assertThat(repository.modelNames()).containsExactly("m");
    assertThat(repository.versions("m")).containsExactly(2L, 10L);
    assertThat(repository.readConfig("m").getName()).isEqualTo("m");
  }

  @Test
  void shouldRefusePathsLeadingOutsideTheRoot() throws Exception {
    Files.createDirectories(outside.resolve("evil"));
    Files.writeString(outside.resolve("evil/config.pbtxt"), "");
    Files.createSymbolicLink(root.resolve("evil"), outside.resolve("evil"));
    ModelRepository repository = new ModelRepository(root);

    assertThatThrownBy(() -> repository.modelDir("../evil")).isInstanceOf(ServingException.class);
    assertThatThrownBy(() -> repository.modelDir("evil"))
        .isInstanceOf(ServingException.class)
        .hasMessageContaining("outside");
  }

  @Test
  void shouldRejectAConfigNamingAnotherModel() throws Exception {
    Files.createDirectories(root.resolve("m"));
    Files.writeString(root.resolve("m/config.pbtxt"), "name: \"other\"");

    assertThatThrownBy(() -> new ModelRepository(root).readConfig("m"))
        .hasMessageContaining("other");
  }
}
