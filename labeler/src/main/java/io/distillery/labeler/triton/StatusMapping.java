package io.distillery.labeler.triton;

import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/** Maps gRPC failures to {@link RetriableInferenceException} or its non-retriable sibling. */
public final class StatusMapping {

  private StatusMapping() {}

  /** Whether a status code means "try again later or elsewhere". */
  public static boolean retriable(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, CANCELLED -> true;
      default -> false;
    };
  }

  /** The inference exception for {@code failure} of a call to {@code server}. */
  public static InferenceException map(Throwable failure, String server) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof InferenceException known) {
      return known;
    }
    Status status = Status.fromThrowable(cause);
    String type = status.getCode().name().toLowerCase(Locale.ROOT).replace('_', '-');
    String message =
        server
            + " answered "
            + status.getCode()
            + (status.getDescription() == null ? "" : ": " + status.getDescription());
    return retriable(status.getCode())
        ? new RetriableInferenceException(type, message, cause)
        : new NonRetriableInferenceException(type, message, cause);
  }
}
