package io.distillery.trainer.publish;

import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.avro.VersionStatus;
import java.time.Instant;
import java.util.Map;

/**
 * The metadata of one student version, kept next to its model file as {@code version.json} and sent
 * as a {@link StudentVersion} record.
 *
 * @param task the task
 * @param modelName the model's name in the repository
 * @param version this version
 * @param parentVersion the version it replaced or was copied from (0 for none)
 * @param step training step it was taken at
 * @param samplesSeen fresh samples trained into it
 * @param metrics evaluation results by name
 * @param artifactUri where the model file is
 * @param artifactSha256 SHA-256 of the model file
 * @param status PUBLISHED or ROLLED_BACK
 * @param publishedAt when it was written
 */
public record VersionInfo(
    String task,
    String modelName,
    long version,
    long parentVersion,
    long step,
    long samplesSeen,
    Map<String, Double> metrics,
    String artifactUri,
    String artifactSha256,
    String status,
    long publishedAt) {

  /** The wire record. */
  public StudentVersion toRecord() {
    return StudentVersion.newBuilder()
        .setTask(task)
        .setModelName(modelName)
        .setVersion(version)
        .setParentVersion(parentVersion == 0 ? null : parentVersion)
        .setStep(step)
        .setSamplesSeen(samplesSeen)
        .setMetrics(Map.copyOf(metrics))
        .setArtifactUri(artifactUri)
        .setArtifactSha256(artifactSha256)
        .setStatus(VersionStatus.valueOf(status))
        .setPublishedAt(Instant.ofEpochMilli(publishedAt))
        .build();
  }
}
