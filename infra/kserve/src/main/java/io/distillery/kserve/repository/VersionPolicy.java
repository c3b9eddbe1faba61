package io.distillery.kserve.repository;

import io.distillery.schemas.kserve.config.ModelVersionPolicy;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/** Which of the version folders present a model's {@code version_policy} serves. */
public final class VersionPolicy {

  private VersionPolicy() {}

  /** The versions to serve: latest N (default 1), all, or the listed ones that exist. */
  public static SortedSet<Long> select(ModelVersionPolicy policy, Collection<Long> available) {
    TreeSet<Long> present = new TreeSet<>(available);
    return switch (policy.getPolicyChoiceCase()) {
      case ALL -> present;
      case SPECIFIC -> {
        TreeSet<Long> chosen = new TreeSet<>(policy.getSpecific().getVersionsList());
        chosen.retainAll(present);
        yield chosen;
      }
      default -> {
        int n = policy.hasLatest() ? Math.max(1, policy.getLatest().getNumVersions()) : 1;
        TreeSet<Long> chosen = new TreeSet<>();
        for (Long v : present.descendingSet()) {
          if (chosen.size() == n) {
            break;
          }
          chosen.add(v);
        }
        yield chosen;
      }
    };
  }
}
