package io.distillery.schemas.topics;

import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.avro.VersionStatus;
import java.util.Optional;

/**
 * How records on {@code <task>.student-versions} (compacted) are keyed and what a REJECTED one
 * says: versions under key {@code <task>}, so that the latest of them is the version to serve; a
 * student state the trainer refused (a health problem it restored from) under {@code
 * <task>/rejected}, naming its problem as the metric {@code unhealthy.<problem>}.
 */
public final class StudentVersionKeys {

  /** The prefix of the metric that names a REJECTED record's problem. */
  public static final String UNHEALTHY_PREFIX = "unhealthy.";

  private StudentVersionKeys() {}

  /** The key of a record of {@code task} with {@code status}. */
  public static String key(String task, VersionStatus status) {
    return status == VersionStatus.REJECTED ? task + "/rejected" : task;
  }

  /** The problem a REJECTED record reports, if it names one. */
  public static Optional<String> problem(StudentVersion version) {
    return version.getMetrics().keySet().stream()
        .map(Object::toString)
        .filter(k -> k.startsWith(UNHEALTHY_PREFIX))
        .map(k -> k.substring(UNHEALTHY_PREFIX.length()))
        .findFirst();
  }
}
