package io.distillery.labeler.inference;

import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.deadletter.DeadLetterReason;
import java.util.List;

/**
 * What inference gave one item: every model's output, or the reason it belongs in the DLQ.
 *
 * @param outputs the outputs in model order (plus the ensemble average), empty on failure
 * @param reason the failure's catalogue reason, or null on success
 * @param message the failure, for a person, or null on success
 */
public record ItemResult(List<ModelOutput> outputs, DeadLetterReason reason, String message) {

  /** A success. */
  public static ItemResult ok(List<ModelOutput> outputs) {
    return new ItemResult(List.copyOf(outputs), null, null);
  }

  /** A non-retriable failure. */
  public static ItemResult failed(DeadLetterReason reason, String message) {
    return new ItemResult(List.of(), reason, message);
  }

  /** Whether inference succeeded. */
  public boolean ok() {
    return reason == null;
  }
}
