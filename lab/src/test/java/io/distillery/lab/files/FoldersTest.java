package io.distillery.lab.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

  @TempDir Path root;

  @Test
  void shouldDeleteANestedTreeButNotWhatALinkInsideItPointsTo() throws Exception {
    Path work = Files.createDirectories(root.resolve("work/a/b"));
    Files.writeString(work.resolve("state.bin"), "x");
    Files.writeString(root.resolve("work/top.txt"), "y");
    Path outside = Files.createDirectories(root.resolve("keep"));
    Files.writeString(outside.resolve("precious.txt"), "z");
    Files.createSymbolicLink(root.resolve("work/link"), outside);

    Folders.deleteRecursively(root.resolve("work"));

    assertThat(root.resolve("work")).doesNotExist();
    assertThat(outside.resolve("precious.txt")).hasContent("z");
  }

  @Test
  void shouldDoNothingForAFolderThatIsNotThere() throws Exception {
    Folders.deleteRecursively(root.resolve("missing"));

    assertThat(root.resolve("missing")).doesNotExist();
    assertThat(root).isDirectory();
  }
}
