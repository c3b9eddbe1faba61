package io.distillery.labeler.inference;

import io.distillery.schemas.avro.ModelOutput;
import java.util.List;

/**
 * What inference gave one item: every model's output, or the reason it belongs in the DLQ.
 *
 * @param outputs the outputs in model order (plus the ensemble average), empty on failure
 * @param errorType the failure kind, or null on success
 * @param reason the failure, for a person, or null on success
 */
public record ItemResult(List<ModelOutput> outputs, String errorType, String reason) {

  /** A success. */
  public static ItemResult ok(List<ModelOutput> outputs) {
    return new ItemResult(List.copyOf(outputs), null, null);
  }

  /** A non-retriable failure. */
  public static ItemResult failed(String errorType, String reason) {
    return new ItemResult(List.of(), errorType, reason);
  }

  /** Whether inference succeeded. */
  public boolean ok() {
    return errorType == null;
  }
}
