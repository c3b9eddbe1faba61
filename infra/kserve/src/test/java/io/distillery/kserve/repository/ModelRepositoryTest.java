package io.distillery.kserve.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.kserve.config.ModelConfigs;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
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
    ModelRepository repository = ModelRepository.existing(root);

    assertThat(repository.modelNames()).containsExactly("m");
    assertThat(repository.versions("m")).containsExactly(2L, 10L);
    assertThat(repository.readConfig("m").getName()).isEqualTo("m");
    assertThat(repository.readConfig("m").getMaxBatchSize()).isEqualTo(2);
  }

  @Test
  void shouldRefusePathsLeadingOutsideTheRoot() throws Exception {
    Files.createDirectories(outside.resolve("evil"));
    Files.writeString(outside.resolve("evil/config.pbtxt"), "");
    Files.createSymbolicLink(root.resolve("evil"), outside.resolve("evil"));
    ModelRepository repository = ModelRepository.existing(root);

    assertThatThrownBy(() -> repository.modelDir("../evil"))
        .isInstanceOfSatisfying(
            RepositoryException.class,
            e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.INVALID));
    assertThatThrownBy(() -> repository.modelDir("evil"))
        .isInstanceOf(RepositoryException.class)
        .hasMessageContaining("outside");
  }

  @Test
  void shouldSayNotFoundForAModelWithoutAConfig() throws Exception {
    Files.createDirectories(root.resolve("bare/1"));

    assertThatThrownBy(() -> ModelRepository.existing(root).modelDir("bare"))
        .isInstanceOfSatisfying(
            RepositoryException.class,
            e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.NOT_FOUND));
  }

  @Test
  void shouldRejectAConfigNamingAnotherModelOrNotParsing() throws Exception {
    Files.createDirectories(root.resolve("m"));
    Files.writeString(root.resolve("m/config.pbtxt"), "name: \"other\"");
    Files.createDirectories(root.resolve("broken"));
    Files.writeString(root.resolve("broken/config.pbtxt"), "max_batch_size: {");
    ModelRepository repository = ModelRepository.existing(root);

    assertThatThrownBy(() -> repository.readConfig("m")).hasMessageContaining("other");
    assertThatThrownBy(() -> repository.readConfig("broken"))
        .isInstanceOfSatisfying(
            RepositoryException.class,
            e -> assertThat(e.kind()).isEqualTo(RepositoryException.Kind.INVALID))
        .hasMessageContaining("config.pbtxt");
  }

  @Test
  void shouldRefuseToOpenAFolderThatDoesNotExist() {
    assertThatThrownBy(() -> ModelRepository.existing(root.resolve("missing")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldWriteVersionsWholeWithAConfigTheReaderParses() throws Exception {
    ModelRepository repository = new ModelRepository(root.resolve("created-on-write"));
    ModelConfig config =
        ModelConfig.newBuilder()
            .setName("student")
            .setPlatform("pytorch_libtorch")
            .setVersionPolicy(ModelConfigs.latestVersions(2))
            .build();

    assertThat(repository.latestVersion("student")).isEmpty();
    repository.writeVersion(config, 1, Map.of(ModelRepository.MODEL_FILE, out -> out.write(1)));
    repository.writeVersion(config, 2, Map.of(ModelRepository.MODEL_FILE, out -> out.write(2)));
    Files.createDirectories(repository.root().resolve("student/3"));

    assertThat(repository.publishedVersions("student")).containsExactly(1L, 2L);
    assertThat(repository.latestVersion("student")).hasValue(2);
    assertThat(Files.readAllBytes(repository.modelFile("student", 2))).containsExactly(2);
    assertThat(repository.readConfig("student")).isEqualTo(config);
    assertThat(repository.versions("student")).containsExactly(1L, 2L, 3L);
    try (Stream<Path> left = Files.list(repository.root().resolve("student"))) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
    assertThatThrownBy(
            () -> repository.writeVersion(config, 2, Map.of(ModelRepository.MODEL_FILE, o -> {})))
        .hasMessageContaining("already exists");
  }

  @Test
  void shouldRefuseToWriteAModelWhoseNameIsNotAPlainFolderName() {
    ModelRepository repository = new ModelRepository(root);

    assertThatThrownBy(
            () -> repository.writeConfig(ModelConfig.newBuilder().setName("../escape").build()))
        .isInstanceOf(RepositoryException.class)
        .hasMessageContaining("not a plain folder name");
    assertThatThrownBy(() -> repository.modelFile("a/b", 1))
        .isInstanceOf(RepositoryException.class);
  }
}
