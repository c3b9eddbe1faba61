package io.distillery.trainer.consumer;

import io.distillery.claimcheck.s3.S3Folder;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.trainer.engine.Objective;
import io.distillery.trainer.publish.ModelServer;
import io.distillery.trainer.publish.StudentPublisher;
import io.distillery.trainer.publish.StudentSignature;
import io.distillery.trainer.publish.StudentVersions;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The publishing side a student trainer owns: a publisher into the settings' model repository and
 * the announcer of its versions, or nothing when the settings name no repository.
 */
final class StudentPublishing implements AutoCloseable {

  private final StudentVersionAnnouncer announcer;
  private final StudentPublisher publisher;
  private final S3Folder remote;

  StudentPublishing(
      TrainerConfig config,
      StudentSettings student,
      StudentSignature signature,
      List<ModelServer> servers) {
    if (student.repository() == null) {
      announcer = null;
      publisher = null;
      remote = null;
      return;
    }
    remote = student.remoteRepository().map(S3Folder::new).orElse(null);
    announcer = new StudentVersionAnnouncer(config.bootstrapServers(), config.kafkaProperties());
    StudentVersions versions =
        new StudentVersions(
            new ModelRepository(student.repository()),
            signature,
            config.task(),
            java.util.Optional.ofNullable(remote));
    publisher = new StudentPublisher(versions, student.publishTolerance(), servers, announcer);
  }

  /** The publisher, or null when nothing is published. */
  StudentPublisher publisher() {
    return publisher;
  }

  /**
   * The training loop of {@code student} on {@code objective}, publishing through this: what every
   * kind of student trainer runs.
   */
  <S> TrainerLoop<S> loop(
      TrainerConfig config,
      StudentSettings student,
      Objective<S> objective,
      MeterRegistry registry) {
    return new TrainerLoop<>(
        config, objective, student.initialModel(), student::newOptimizer, publisher, registry);
  }

  @Override
  public void close() {
    if (announcer != null) {
      announcer.close();
    }
    if (remote != null) {
      remote.close();
    }
  }
}
