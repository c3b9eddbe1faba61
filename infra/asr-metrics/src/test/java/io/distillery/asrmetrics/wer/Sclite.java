package io.distillery.asrmetrics.wer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs NIST sclite (package sctk) on two trn files and reads its per-utterance and total counts.
 */
final class Sclite {

  /** Debian's sctk package installs sclite here, outside PATH. */
  private static final String DEBIAN_LOCATION = "/usr/lib/sctk/bin/sclite";

  /** Counts by utterance id, and the corpus total from the raw summary's Sum row. */
  record Result(Map<String, EditCounts> perUtterance, EditCounts total) {}

  private Sclite() {}

  /** The sclite binary: $SCLITE, then PATH, then Debian's location; empty if none exists. */
  static Optional<Path> locate() {
    Stream<String> candidates =
        Stream.concat(
            Stream.ofNullable(System.getenv("SCLITE")),
            Stream.concat(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .map(dir -> dir + "/sclite"),
                Stream.of(DEBIAN_LOCATION)));
    return candidates.map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /** Runs {@code sclite -r ref trn -h hyp trn -i spu_id -o rsum pra stdout}. */
  static Result run(Path sclite, Path ref, Path hyp) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                sclite.toString(),
                "-r",
                ref.toString(),
                "trn",
                "-h",
                hyp.toString(),
                "trn",
                "-i",
                "spu_id",
                "-o",
                "rsum",
                "pra",
                "stdout")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("sclite failed:\n" + output);
    }
    return parse(output);
  }

  private static Result parse(String output) {
    Map<String, EditCounts> perUtterance = new LinkedHashMap<>();
    EditCounts total = null;
    String id = null;
    for (String line : output.split("\n")) {
      if (line.startsWith("id: (")) {
        id = line.substring(5, line.lastIndexOf(')'));
      } else if (line.startsWith("Scores: (#C #S #D #I)")) {
        String[] n = line.substring(line.indexOf(')') + 1).trim().split("\\s+");
        perUtterance.put(id, counts(n[0], n[1], n[2], n[3]));
      } else if (line.trim().startsWith("| Sum ")) {
        // | Sum | #Snt #Wrd | Corr Sub Del Ins Err S.Err |
        String[] n = line.replace("|", " ").trim().split("\\s+");
        total = counts(n[3], n[4], n[5], n[6]);
      }
    }
    if (total == null) {
      throw new IllegalStateException("no Sum row in sclite's output:\n" + output);
    }
    return new Result(perUtterance, total);
  }

  private static EditCounts counts(String c, String s, String d, String i) {
    return new EditCounts(
        Long.parseLong(c), Long.parseLong(s), Long.parseLong(d), Long.parseLong(i));
  }
}
