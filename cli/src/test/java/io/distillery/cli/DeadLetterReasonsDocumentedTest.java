package io.distillery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.schemas.deadletter.DeadLetterReason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's table of dead-letter reasons lists every code of the catalogue, with its meaning.
 */
class DeadLetterReasonsDocumentedTest {

  @Test
  void shouldListEveryReasonOfTheCatalogueInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));

    for (DeadLetterReason reason : DeadLetterReason.values()) {
      assertThat(readme)
          .as("the README's row of %s", reason.code())
          .contains("| `" + reason.code() + "` | " + reason.description() + " |");
    }
  }
}
