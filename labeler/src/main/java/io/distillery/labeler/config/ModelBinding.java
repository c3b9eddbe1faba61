package io.distillery.labeler.config;

import io.distillery.schemas.avro.ModelRole;
import java.util.ArrayList;
import java.util.List;

/**
 * One model the labeler sends each record to, and the role its output plays.
 *
 * @param role teacher, proxy, student, or committee (a member of an averaged ensemble)
 * @param model the model name on the server
 */
public record ModelBinding(ModelRole role, String model) {

  /** Validates at once. */
  public ModelBinding {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("A model binding needs a model name");
    }
  }

  /**
   * Parses {@code teacher=NAME,proxy=NAME,ensemble=A+B,student=NAME}; ensemble members become
   * {@link ModelRole#COMMITTEE} bindings whose probabilities the labeler also averages into one
   * {@link ModelRole#ENSEMBLE} output. Exactly one teacher is required.
   */
  public static List<ModelBinding> parse(String text) {
    List<ModelBinding> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2 || kv[1].isBlank()) {
        throw new IllegalArgumentException("Model '" + part + "' is not role=NAME");
      }
      switch (kv[0].trim()) {
        case "teacher" -> out.add(new ModelBinding(ModelRole.TEACHER, kv[1].trim()));
        case "proxy" -> out.add(new ModelBinding(ModelRole.PROXY, kv[1].trim()));
        case "student" -> out.add(new ModelBinding(ModelRole.STUDENT, kv[1].trim()));
        case "ensemble" -> {
          for (String member : kv[1].split("\\+")) {
            out.add(new ModelBinding(ModelRole.COMMITTEE, member.trim()));
          }
        }
        default ->
            throw new IllegalArgumentException(
                "Unknown model role '" + kv[0] + "': use teacher, proxy, ensemble or student");
      }
    }
    if (out.stream().filter(b -> b.role() == ModelRole.TEACHER).count() != 1) {
      throw new IllegalArgumentException("Exactly one teacher=NAME is required, got: " + text);
    }
    return List.copyOf(out);
  }
}
