package io.distillery.media.speech;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Voices with weights, written {@code espeak:en-us+klatt=3,flite:slt=2,espeak:en-gb=1}. The default
 * is mostly voices pocketsphinx recognises (en-us klatt variants, flite) with a share of hard ones
 * (en-gb, a female espeak variant) that give natural bad pseudo-labels.
 *
 * @param weights voice to relative weight, in a stable order
 */
public record VoiceMix(Map<Voice, Integer> weights) {

  /** The default mix: about 80% recognisable voices, 20% hard ones. */
  public static final String DEFAULT_SPEC =
      "espeak:en-us+klatt=2,espeak:en-us+klatt2=2,"
          + "espeak:en-us+klatt3=2,espeak:en-us+klatt4=2,flite:slt=2,flite:rms=1,flite:awb=1,"
          + "espeak:en-gb=2,espeak:en-us+f3=1";

  /** Validates at once. */
  public VoiceMix {
    weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    if (weights.isEmpty() || weights.values().stream().anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("A voice mix needs voices with weights >= 1: " + weights);
    }
  }

  /** Parses {@code VOICE[=WEIGHT],...} (weight 1 when omitted). */
  public static VoiceMix parse(String spec) {
    Map<Voice, Integer> weights = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.lastIndexOf('=');
      Voice voice = Voice.parse(eq < 0 ? part : part.substring(0, eq));
      int weight;
      try {
        weight = eq < 0 ? 1 : Integer.parseInt(part.substring(eq + 1).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Weight of '" + part + "' is not an integer", e);
      }
      weights.merge(voice, weight, Integer::sum);
    }
    return new VoiceMix(weights);
  }

  /** The default mix. */
  public static VoiceMix defaults() {
    return parse(DEFAULT_SPEC);
  }

  /** A voice drawn by weight. */
  public Voice pick(Random random) {
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    int draw = random.nextInt(total);
    for (Map.Entry<Voice, Integer> entry : weights.entrySet()) {
      draw -= entry.getValue();
      if (draw < 0) {
        return entry.getKey();
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** The synthesisers the mix needs. */
  public List<Voice.Engine> engines() {
    List<Voice.Engine> engines = new ArrayList<>();
    weights
        .keySet()
        .forEach(
            v -> {
              if (!engines.contains(v.engine())) {
                engines.add(v.engine());
              }
            });
    return engines;
  }
}
