package io.distillery.filter.scoring;

import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Quality of a classification teacher's soft label.
 *
 * <p>Scores: {@code max-prob} (the top probability), {@code margin} (top minus second), {@code
 * entropy} (in nats) and {@code normalized-entropy} (entropy over ln K, 0..1), {@code
 * predicted-class} (the argmax index), and {@code reference-agreement} (1 when the argmax equals
 * the reference label, 0 otherwise; only when the record has a reference). The reference holds the
 * true class as text: the class index ({@code "7"}) or, when class names are configured, a class
 * name ({@code "sneaker"}, case-insensitive).
 */
public final class ClassificationScorer extends TeacherScorer {

  /** Name in policy files. */
  public static final String NAME = "classification";

  private final List<String> classNames;

  /** A scorer; {@code classNames} (may be empty) lets references name classes. */
  public ClassificationScorer(List<String> classNames) {
    super(NAME);
    this.classNames = List.copyOf(classNames);
  }

  @Override
  void score(LabeledRecord record, ModelOutput teacher, Map<String, Double> scores) {
    List<Float> p = teacher.getProbabilities();
    if (p.isEmpty()) {
      return;
    }
    int top = Outputs.argmax(p);
    double second = 0;
    double entropy = 0;
    for (int i = 0; i < p.size(); i++) {
      double v = p.get(i);
      if (i != top) {
        second = Math.max(second, v);
      }
      if (v > 0) {
        entropy -= v * Math.log(v);
      }
    }
    scores.put("max-prob", (double) p.get(top));
    scores.put("margin", p.get(top) - second);
    scores.put("entropy", entropy);
    scores.put("normalized-entropy", p.size() > 1 ? entropy / Math.log(p.size()) : 0.0);
    scores.put("predicted-class", (double) top);
    OptionalInt truth = classIndex(record.getRaw().getReference());
    truth.ifPresent(t -> scores.put("reference-agreement", t == top ? 1.0 : 0.0));
  }

  /** The class a reference names, if it names one. */
  OptionalInt classIndex(String reference) {
    if (reference == null || reference.isBlank()) {
      return OptionalInt.empty();
    }
    String text = reference.strip();
    if (isIndex(text)) {
      return OptionalInt.of(Integer.parseInt(text));
    }
    for (int i = 0; i < classNames.size(); i++) {
      if (classNames.get(i).equalsIgnoreCase(text)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** One to nine ASCII digits (checked by hand: a regex would be compiled for every record). */
  private static boolean isIndex(String text) {
    if (text.isEmpty() || text.length() > 9) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
