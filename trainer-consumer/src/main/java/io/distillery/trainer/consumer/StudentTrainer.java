package io.distillery.trainer.consumer;

/** A trainer-consumer assembled for one kind of student: its loop and what publishing owns. */
public interface StudentTrainer extends AutoCloseable {

  /** The loop, to run, stop or observe. */
  TrainerLoop<?> loop();

  /** Closes the version announcer. */
  @Override
  void close();
}
