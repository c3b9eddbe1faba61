package io.distillery.lab.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The corpus run as Markdown: each case with where it ended and why, then the counts per task. */
final class CorpusReport {

  /**
   * One case's result.
   *
   * @param c the case
   * @param actual where it ended, e.g. {@code labeler dlq}
   * @param reason the reason given there
   * @param problem what is wrong with it, or null when it ended as the manifest says
   */
  record Row(CorpusCase c, String actual, String reason, String problem) {
    boolean pass() {
      return problem == null;
    }
  }

  /**
   * What a task's topics hold at the end.
   *
   * @param task the task
   * @param raw records on the raw topic
   * @param labeled records on the labeled topic that came from the raw topic
   * @param labelerDlq dead letters written by the labeler
   * @param filterDlq dead letters written by the filter
   * @param accepted scored records accepted
   * @param rejected scored records rejected
   * @param trainerDlq dead letters written by the trainer
   * @param producerRejected inputs the producer refused
   * @param undecided raw records that ended in none of accepted, rejected or the DLQ
   * @param decidedTwice raw records that ended in more than one place, or more than once
   */
  record Counts(
      String task,
      long raw,
      long labeled,
      long labelerDlq,
      long filterDlq,
      long accepted,
      long rejected,
      long trainerDlq,
      long producerRejected,
      List<String> undecided,
      List<String> decidedTwice) {
    boolean conserved() {
      return undecided.isEmpty() && decidedTwice.isEmpty();
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final List<Counts> counts = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  void add(Counts c) {
    counts.add(c);
  }

  void note(String line) {
    notes.add(line);
  }

  List<Row> failures() {
    return rows.stream().filter(r -> !r.pass()).toList();
  }

  String markdown() {
    StringBuilder md = new StringBuilder("# Bad-input corpus\n\n");
    md.append("Each case of `corpus/cases.md`, run through the real pipeline; ")
        .append(rows.stream().filter(Row::pass).count())
        .append(" of ")
        .append(rows.size())
        .append(" ended as the manifest says.\n\n");
    md.append("| phase | case | entry | expected | ended | reason | result |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      md.append("| ")
          .append(r.c().phase())
          .append(" | ")
          .append(r.c().name())
          .append(" | ")
          .append(r.c().entry())
          .append(" | ")
          .append(r.c().expected())
          .append(" | ")
          .append(r.actual())
          .append(" | ")
          .append(cell(r.reason()))
          .append(" | ")
          .append(r.pass() ? "pass" : "FAIL: " + cell(r.problem()))
          .append(" |\n");
    }
    md.append("\n## Where the records went\n\n");
    md.append(
        "| task | raw | labeled | labeler dlq | filter dlq | accepted | rejected | trainer dlq"
            + " | producer rejected | each raw record decided exactly once |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Counts c : counts) {
      md.append(
          "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %s |\n"
              .formatted(
                  c.task(),
                  c.raw(),
                  c.labeled(),
                  c.labelerDlq(),
                  c.filterDlq(),
                  c.accepted(),
                  c.rejected(),
                  c.trainerDlq(),
                  c.producerRejected(),
                  c.conserved()
                      ? "yes"
                      : "NO: undecided " + c.undecided() + ", decided twice " + c.decidedTwice()));
    }
    md.append("\n## Stages\n\n");
    notes.forEach(n -> md.append("- ").append(n).append('\n'));
    return md.toString();
  }

  Path write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, markdown(), StandardCharsets.UTF_8);
  }

  private static String cell(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replace('\n', ' ').replace("|", "\\|");
    return flat.length() > 220 ? flat.substring(0, 220) + "..." : flat;
  }
}
