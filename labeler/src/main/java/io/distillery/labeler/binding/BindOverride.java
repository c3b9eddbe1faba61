package io.distillery.labeler.binding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One tensor's role given by hand: {@code [MODEL:]TENSOR=ROLE}, as in {@code --bind
 * asr-teacher:LANGUAGE=constant:4}. Tensor names may hold {@code :} themselves ({@code input:0}),
 * so the target is resolved against a model's tensors: the whole target when it names one, else
 * {@code MODEL:TENSOR} with the model's own name in front.
 *
 * @param target {@code TENSOR} or {@code MODEL:TENSOR}
 * @param role the role
 */
public record BindOverride(String target, TensorRole role) {

  /**
   * Parses {@code [MODEL:]TENSOR=ROLE}.
   *
   * @throws IllegalArgumentException when there is no {@code =} or the role is unknown
   */
  public static BindOverride parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new IllegalArgumentException(
          "Binding '" + text + "' is not [MODEL:]TENSOR=ROLE (e.g. asr:LANGUAGE=constant:4)");
    }
    return new BindOverride(text.substring(0, eq).trim(), TensorRole.parse(text.substring(eq + 1)));
  }

  /** Parses each of {@code texts}. */
  public static List<BindOverride> parseAll(List<String> texts) {
    List<BindOverride> out = new ArrayList<>();
    texts.forEach(t -> out.add(parse(t)));
    return List.copyOf(out);
  }

  /**
   * The tensor of {@code model} this override names, if it names one of {@code tensors}: the whole
   * target, or what follows {@code model + ":"}.
   */
  Optional<String> tensorOf(String model, List<String> tensors) {
    if (tensors.contains(target)) {
      return Optional.of(target);
    }
    String prefix = model + ":";
    if (target.startsWith(prefix) && tensors.contains(target.substring(prefix.length()))) {
      return Optional.of(target.substring(prefix.length()));
    }
    return Optional.empty();
  }

  /** Whether the override is meant for {@code model} (its prefix names it, or it has no prefix). */
  boolean meantFor(String model, List<String> tensors) {
    return tensorOf(model, tensors).isPresent() || target.startsWith(model + ":");
  }
}
