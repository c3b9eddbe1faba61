package io.distillery.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDefinitionsTest {

  @TempDir Path cache;

  @Test
  void shouldGenerateTorchScriptOnceAndReuseIt() throws Exception {
    ModelDefinitions definitions = ModelDefinitions.inCache(cache);

    Path first = definitions.ensure(DemoModel.IMAGE_STUDENT);
    FileTime written = Files.getLastModifiedTime(first);
    Path second = definitions.ensure(DemoModel.IMAGE_STUDENT);

    assertThat(second).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(second)).isEqualTo(written);
    assertThat(first.getFileName().toString()).startsWith("image-student-").endsWith(".pt");
    // A TorchScript file is a zip archive.
    assertThat(Files.readAllBytes(first)).startsWith(new byte[] {'P', 'K'});
    try (var files = Files.list(cache)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void shouldSayWhatToInstallWhenPythonIsMissing() {
    ModelDefinitions definitions =
        new ModelDefinitions(cache, cache.resolve("no-python").toString());

    assertThatThrownBy(() -> definitions.ensure(DemoModel.IMAGE_TEACHER))
        .isInstanceOf(ModelDefinitionException.class)
        .hasMessageContaining("python3-torch");
  }
}
