package io.distillery.kserve.resilience;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Picks the available candidate with the fewest outstanding requests; ties go to the first one at
 * or after {@code rotation}, so equal servers share the load in turn.
 */
public final class LeastOutstanding {

  private LeastOutstanding() {}

  /** The chosen candidate, or empty if none is available. */
  public static <T> Optional<T> choose(
      List<T> candidates, ToIntFunction<T> outstanding, Predicate<T> available, int rotation) {
    T best = null;
    int bestLoad = Integer.MAX_VALUE;
    int n = candidates.size();
    for (int k = 0; k < n; k++) {
      T candidate = candidates.get(Math.floorMod(rotation + k, n));
      if (!available.test(candidate)) {
        continue;
      }
      int load = outstanding.applyAsInt(candidate);
      if (load < bestLoad) {
        best = candidate;
        bestLoad = load;
      }
    }
    return Optional.ofNullable(best);
  }
}
