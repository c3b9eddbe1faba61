package io.distillery.labeler.inference;

import io.distillery.kserve.client.InferenceException;
import io.distillery.kserve.client.StatusMapping;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.schemas.deadletter.DeadLetterReason;

/** The catalogue reason of an item the teachers could not label. */
final class Failures {

  private Failures() {}

  /** The reason of a non-retriable inference failure. */
  static DeadLetterReason of(InferenceException e) {
    return switch (e.errorType()) {
      case "request-too-large" -> DeadLetterReason.REQUEST_TOO_LARGE;
      case StatusMapping.DEADLINE_EXCEEDED -> DeadLetterReason.TEACHER_DEADLINE_EXCEEDED;
      case "malformed-response" -> DeadLetterReason.MALFORMED_OUTPUT;
      default -> DeadLetterReason.TEACHER_REFUSED;
    };
  }

  /** The reason of an output that does not fit the model's signature or the label. */
  static DeadLetterReason of(TensorException e) {
    return switch (e.errorType()) {
      case "non-finite-output" -> DeadLetterReason.NON_FINITE_OUTPUT;
      case "missing-output" -> DeadLetterReason.MISSING_OUTPUT;
      default -> DeadLetterReason.MALFORMED_OUTPUT;
    };
  }
}
