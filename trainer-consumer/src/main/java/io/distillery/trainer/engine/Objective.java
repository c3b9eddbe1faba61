package io.distillery.trainer.engine;

import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.trainer.data.SampleException;
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
   * @throws SampleException when the record cannot be trained on
   */
  S decode(ScoredRecord record, byte[] payload) throws SampleException;

  /** The record id a sample came from. */
  String id(S sample);

  /** One optimisation step on {@code batch}; returns the loss. */
  float step(TorchScriptModule module, List<S> batch);

  /** The student's metric on the held-out set. */
  Metric evaluate(TorchScriptModule module);
}
