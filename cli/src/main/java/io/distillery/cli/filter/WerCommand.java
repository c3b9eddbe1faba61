package io.distillery.cli.filter;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.TrnFormat;
import io.distillery.asrmetrics.wer.UtteranceScore;
import io.distillery.asrmetrics.wer.WerReport;
import io.distillery.asrmetrics.wer.WerScorer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery wer}: word error rate of a hypothesis trn file against a reference one. */
@Command(
    name = "wer",
    mixinStandardHelpOptions = true,
    description = {
      "Scores hypotheses against references in NIST sclite's trn format ('text (utterance-id)').",
      "With --normalize none the counts equal sclite's (same costs and tie-breaking)."
    })
public final class WerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--ref", required = true, paramLabel = "REF.trn", description = "References.")
  Path reference;

  @Option(names = "--hyp", required = true, paramLabel = "HYP.trn", description = "Hypotheses.")
  Path hypothesis;

  @Option(
      names = "--normalize",
      defaultValue = "none",
      paramLabel = "none|english|basic",
      description = "Text normaliser applied to both sides (default: ${DEFAULT-VALUE}).")
  String normalize;

  @Option(names = "--per-utterance", description = "Also print one line per utterance.")
  boolean perUtterance;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<UtteranceScore> scores;
    try {
      WerScorer scorer = new WerScorer(TextNormalizer.named(normalize));
      scores = scorer.scoreAll(TrnFormat.read(reference), TrnFormat.read(hypothesis));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      spec.commandLine().getErr().println("distillery wer: " + e.getMessage());
      return 1;
    }
    if (perUtterance) {
      WerReport.perUtterance(scores).forEach(out::println);
      out.println();
    }
    WerReport.corpus(WerScorer.total(scores), scores.size()).forEach(out::println);
    out.flush();
    return 0;
  }
}
