package io.distillery.media.speech;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Sentences to speak: a built-in list of simple English sentences, or one per line of a file. */
public final class Sentences {

  private static final String BUILT_IN = "sentences.txt";

  /** How many built-in sentences are held out for evaluation. */
  public static final int HELD_OUT_COUNT = 34;

  private Sentences() {}

  /** The built-in list (a few hundred short, everyday English sentences, lower case). */
  public static List<String> builtIn() {
    try (InputStream in = Sentences.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("Built-in sentence list " + BUILT_IN + " is missing");
      }
      return clean(
          Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the built-in sentence list", e);
    }
  }

  /**
   * The built-in sentences a training stream speaks: all but the last {@value #HELD_OUT_COUNT},
   * which {@link #heldOut()} keeps for evaluation, so a student is scored on sentences it never
   * heard.
   */
  public static List<String> forTraining() {
    List<String> all = builtIn();
    return all.subList(0, all.size() - HELD_OUT_COUNT);
  }

  /** The last {@value #HELD_OUT_COUNT} built-in sentences, never in {@link #forTraining()}. */
  public static List<String> heldOut() {
    List<String> all = builtIn();
    return all.subList(all.size() - HELD_OUT_COUNT, all.size());
  }

  /** The non-blank lines of {@code file}, stripped; fails if there are none. */
  public static List<String> fromFile(Path file) throws IOException {
    List<String> sentences = clean(Files.readAllLines(file, StandardCharsets.UTF_8));
    if (sentences.isEmpty()) {
      throw new IOException("Sentence file " + file + " has no sentences");
    }
    return sentences;
  }

  private static List<String> clean(List<String> lines) {
    return lines.stream()
        .map(String::strip)
        .filter(s -> !s.isEmpty() && !s.startsWith("#"))
        .toList();
  }
}
