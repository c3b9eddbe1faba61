package io.distillery.trainer.engine;

import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.util.List;

/**
 * What a student learns from accepted records: how a record becomes a sample, one optimisation step
 * on a batch, and the held-out evaluation that gates publishing.
 *
 * @param <S> the sample type
 */
public interface Objective<S> {

  /**
   * The samples of an accepted record: one, or several when the record is cut into pieces (a
   * recording longer than the training window); never none. The trainer calls it on its decoding
   * thread, one record at a time, while its training thread steps the module: it must not touch the
   * module.
   *
   * @param payload the record's payload bytes (inline or fetched by claim check)
   * @throws RefusedRecordException when the record cannot be trained on
   */
  List<S> decode(ScoredRecord record, byte[] payload) throws RefusedRecordException;

  /** The sample's id: its record's id, with the piece's number when the record was cut. */
  String id(S sample);

  /** One optimisation step on {@code batch}; returns the loss. */
  float step(TorchScriptModule module, List<S> batch);

  /**
   * Checks that {@code module} meets the student contract of this objective (inputs it takes,
   * outputs it gives), so that a student brought by the user is refused at start, with what it
   * should be, rather than failing at its first step.
   *
   * @throws IllegalArgumentException saying what the module does and what it should do
   */
  void checkStudent(TorchScriptModule module);

  /** The student's metric on the held-out set. */
  Metric evaluate(TorchScriptModule module);

  /**
   * How many different answers the student gives on a small probe of the held-out set (classes
   * predicted; distinct non-empty transcripts), for the collapse check; -1 when there is no
   * held-out set. Cheap enough to run before every checkpoint.
   */
  default int distinctOutputs(TorchScriptModule module) {
    return -1;
  }
}
