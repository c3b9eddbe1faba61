package io.distillery.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

  @TempDir Path dir;

  @Test
  void shouldRestoreWhatWasSaved() throws IOException {
    CheckpointStore store = new CheckpointStore(dir);
    store.save(
        checkpoint(10, Map.of(0, 5L, 1, 7L)),
        out -> out.write(new byte[] {1, 2, 3}),
        out -> out.write(9));

    Checkpoint restored = store.latest().orElseThrow();

    assertThat(restored.step()).isEqualTo(10);
    assertThat(restored.samplesTrained()).isEqualTo(320);
    assertThat(restored.nextOffsets()).isEqualTo(Map.of(0, 5L, 1, 7L));
    assertThat(Files.readAllBytes(store.resolve(restored.modelFile()))).containsExactly(1, 2, 3);
    assertThat(Files.readAllBytes(store.resolve(restored.optimizerFile()))).containsExactly(9);
  }

  @Test
  void shouldKeepThePreviousCheckpointWhenWritingTheModelFails() throws IOException {
    CheckpointStore store = new CheckpointStore(dir);
    store.save(checkpoint(10, Map.of(0, 5L)), out -> out.write(new byte[] {1, 2, 3}), null);

    assertThatThrownBy(
            () ->
                store.save(
                    checkpoint(20, Map.of(0, 9L)),
                    out -> {
                      out.write(new byte[] {4, 5});
                      throw new IOException("disk full");
                    },
                    null))
        .hasMessageContaining("disk full");

    Checkpoint restored = store.latest().orElseThrow();
    assertThat(restored.step()).isEqualTo(10);
    assertThat(restored.nextOffsets()).containsEntry(0, 5L);
    assertThat(Files.readAllBytes(store.resolve(restored.modelFile()))).containsExactly(1, 2, 3);
    assertThat(fileNames()).noneMatch(name -> name.endsWith(".tmp"));
  }

  @Test
  void shouldKeepThePreviousCheckpointWhenTheCrashComesAfterTheModelFile() throws IOException {
    CheckpointStore store = new CheckpointStore(dir);
    store.save(checkpoint(10, Map.of(0, 5L)), out -> out.write(1), out -> out.write(1));

    assertThatThrownBy(
            () ->
                store.save(
                    checkpoint(20, Map.of(0, 9L)),
                    out -> out.write(2),
                    out -> {
                      throw new IOException("killed");
                    }))
        .hasMessageContaining("killed");

    assertThat(store.latest().orElseThrow().step()).isEqualTo(10);
    store.save(checkpoint(30, Map.of(0, 12L)), out -> out.write(3), out -> out.write(3));
    assertThat(store.latest().orElseThrow().step()).isEqualTo(30);
    assertThat(fileNames())
        .containsExactlyInAnyOrder("checkpoint.json", "model-30.pt", "optimizer-30.ndlist");
  }

  @Test
  void shouldRefuseAModelFileThatChangedAfterTheCommit() throws IOException {
    CheckpointStore store = new CheckpointStore(dir);
    Checkpoint saved =
        store.save(checkpoint(10, Map.of()), out -> out.write(new byte[] {1, 2, 3}), null);
    Files.write(store.resolve(saved.modelFile()), new byte[] {1, 2, 4});

    assertThatThrownBy(store::latest)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("SHA-256");
  }

  @Test
  void shouldHaveNoCheckpointInAnEmptyFolder() throws IOException {
    assertThat(new CheckpointStore(dir.resolve("none")).latest()).isEmpty();
  }

  private Stream<String> fileNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList().stream();
    }
  }

  private static Checkpoint checkpoint(long step, Map<Integer, Long> offsets) {
    return new Checkpoint(
        "t",
        "t.accepted",
        offsets,
        step,
        step * 32,
        0,
        0,
        17,
        "",
        "",
        "",
        (int) step,
        0,
        Double.NaN);
  }
}
