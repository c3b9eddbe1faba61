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
   * The sample of an accepted record.
   *
   * @param payload the record's payload bytes (inline or fetched by claim check)
   * @throws RefusedRecordException when the record cannot be trained on
   */
  S decode(ScoredRecord record, byte[] payload) throws RefusedRecordException;

  /** The record id a sample came from. */
  String id(S sample);

  /** One optimisation step on {@code batch}; returns the loss. */
  float step(TorchScriptModule module, List<S> batch);

  /** The student's metric on the held-out set. */
  Metric evaluate(TorchScriptModule module);
}
