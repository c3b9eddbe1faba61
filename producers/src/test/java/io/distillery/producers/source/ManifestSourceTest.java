package io.distillery.producers.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSourceTest {

  @TempDir Path dir;

  @Test
  void shouldReadNemoLinesResolvingPathsAgainstTheManifestFolder() throws Exception {
    Files.createDirectories(dir.resolve("audio"));
    Files.write(dir.resolve("audio/x.wav"), new byte[] {7});
    Path manifest = dir.resolve("train.jsonl");
    Files.writeString(
        manifest,
        "{\"audio_filepath\": \"audio/x.wav\", \"text\": \"hi there\","
            + " \"duration\": 1.25, \"lang\": \"en\", \"voice\": \"flite:slt\"}\n\n");

    List<Sample> samples = ManifestSource.of(manifest).samples();

    assertThat(samples)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.identity()).isEqualTo("audio/x.wav");
              assertThat(s.reference()).isEqualTo("hi there");
              assertThat(s.language()).isEqualTo("en");
              assertThat(s.attributes())
                  .containsEntry("manifestDuration", "1.25")
                  .containsEntry("voice", "flite:slt")
                  .containsEntry("manifest", "train.jsonl:1");
            });
    assertThat(samples.get(0).loader().load()).containsExactly(7);
  }

  @Test
  void shouldRefuseLinesThatAreNotJsonOrNameNoFileWithTheirLineNumber() throws Exception {
    Path manifest = dir.resolve("m.jsonl");
    Files.writeString(manifest, "{oops\n{\"text\": \"no path\"}\n");

    List<Sample> samples = ManifestSource.of(manifest).samples();

    assertThatThrownBy(() -> samples.get(0).loader().load())
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("m.jsonl:1: not valid JSON");
    assertThatThrownBy(() -> samples.get(1).loader().load())
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("m.jsonl:2: no audio_filepath");
  }

  @Test
  void shouldReadCsvWithQuotedCellsAndReferenceColumn() throws Exception {
    Path manifest = dir.resolve("m.csv");
    Files.writeString(manifest, "path,label\n\"img, 1.png\",\"a \"\"coat\"\"\"\nimg2.png,\n");

    List<Sample> samples =
        new ManifestSource(manifest, ManifestFormat.CSV, "path", "label").samples();

    assertThat(samples).extracting(Sample::identity).containsExactly("img, 1.png", "img2.png");
    assertThat(samples).extracting(Sample::reference).containsExactly("a \"coat\"", null);
  }
}
