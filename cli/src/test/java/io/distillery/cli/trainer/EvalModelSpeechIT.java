package io.distillery.cli.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.TrnFormat;
import io.distillery.asrmetrics.wer.WerScorer;
import io.distillery.cli.Distillery;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code distillery eval-model --task asr-en}, small: the real synthesisers, server and decoder.
 */
@Tag("integration")
@Timeout(300)
class EvalModelSpeechIT {

  @TempDir Path work;

  @Test
  void shouldPrintTheTeachersAndProxysCorpusWerOnSyntheticUtterances() {
    StringWriter output = new StringWriter();
    CommandLine cli = Distillery.commandLine();
    cli.setOut(new PrintWriter(output, true));

    int exit =
        cli.execute(
            "eval-model",
            "--task",
            "asr-en",
            "--utterances",
            "6",
            "--voices",
            "espeak:en-us+klatt2,flite:rms",
            "--work-dir",
            work.toString());

    assertThat(exit).isZero();
    String printed = output.toString();
    assertThat(printed).contains("asr-teacher version 1:", "asr-proxy version 1:", "Agreement");
    double teacherWer =
        100
            * WerScorer.total(
                    new WerScorer(TextNormalizer.named("none"))
                        .scoreAll(
                            TrnFormat.read(work.resolve("reference.trn")),
                            TrnFormat.read(work.resolve("asr-teacher.trn"))))
                .wer();
    Matcher first = Pattern.compile("WER\\s+([0-9.]+)%").matcher(printed);
    assertThat(first.find()).isTrue();
    assertThat(first.group(1))
        .as("the printed teacher WER is the trn files' WER")
        .isEqualTo(String.format(Locale.ROOT, "%.2f", teacherWer));
    assertThat(teacherWer).as("recognisable voices: far from garbage").isLessThan(60);
    assertThat(TrnFormat.read(work.resolve("asr-proxy.trn"))).hasSize(6);
  }

  @Test
  void shouldRefuseAnUnknownTask() {
    StringWriter errors = new StringWriter();
    CommandLine cli = Distillery.commandLine();
    cli.setErr(new PrintWriter(errors, true));

    assertThat(cli.execute("eval-model", "--task", "cifar")).isEqualTo(2);
    assertThat(errors.toString()).contains("use fmnist or asr-en");
  }
}
