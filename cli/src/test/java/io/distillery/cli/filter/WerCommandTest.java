package io.distillery.cli.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.cli.Distillery;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WerCommandTest {

  @TempDir Path dir;

  /** The expected figures are those NIST sclite printed for the same two files. */
  @Test
  void shouldPrintScliteCountsForTrnFiles() throws Exception {
    Path ref =
        Files.write(
            dir.resolve("ref.trn"),
            List.of(
                "the cat sat on the mat (s_u1)",
                "a b c (s_u2)",
                "a b (s_u3)",
                "a b c d (s_u4)",
                "hello world (s_u5)",
                " (s_u6)",
                "x y (s_u7)"));
    Path hyp =
        Files.write(
            dir.resolve("hyp.trn"),
            List.of(
                "the cat sat on mat (s_u1)",
                "b c d (s_u2)",
                "x (s_u3)",
                " (s_u4)",
                "HELLO World extra (s_u5)",
                "foo (s_u6)",
                "y x (s_u7)"));
    StringWriter out = new StringWriter();
    CommandLine cli = Distillery.commandLine();
    cli.setOut(new PrintWriter(out));
    int status =
        cli.execute("wer", "--ref", ref.toString(), "--hyp", hyp.toString(), "--per-utterance");
    assertThat(status).isZero();
    assertThat(out.toString())
        .containsPattern("reference words\\s+19\\n")
        .containsPattern("correct\\s+10 ")
        .containsPattern("substitutions\\s+1 ")
        .containsPattern("deletions\\s+8 ")
        .containsPattern("insertions\\s+4 ")
        .containsPattern("errors\\s+13 ")
        .containsPattern("WER\\s+68.42%")
        .contains("s_u7\t2\t1\t0\t1\t1\t100.00");
  }

  @Test
  void shouldFailWithAMessageForAMissingFile() {
    StringWriter err = new StringWriter();
    CommandLine cli = Distillery.commandLine();
    cli.setErr(new PrintWriter(err));
    int status = cli.execute("wer", "--ref", dir.resolve("none.trn").toString(), "--hyp", "x");
    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("Cannot read trn file");
  }
}
