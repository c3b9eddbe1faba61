package io.distillery.kserve.client;

import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.CompletionException;

/** Maps gRPC failures to {@link RetriableInferenceException} or its non-retriable sibling. */
public final class StatusMapping {

  /** Error type of a call that ran past its deadline. */
  public static final String DEADLINE_EXCEEDED = "deadline-exceeded";

  /**
   * Error type of a failed TLS handshake: wrong trust store, a client certificate missing or not
   * issued by an authority the server trusts. Retriable (a server may be re-keyed), but a labeler
   * fails at start on it since it is almost always a configuration mistake.
   */
  public static final String TLS_FAILED = "tls-handshake-failed";

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
    Throwable tls = tlsCause(cause);
    if (tls != null) {
      return new RetriableInferenceException(
          TLS_FAILED,
          "TLS with "
              + server
              + " failed: "
              + tls.getMessage()
              + " (check the trusted CA, and for mutual TLS the client certificate and key)",
          cause);
    }
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

  private static Throwable tlsCause(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException) {
        return t;
      }
    }
    return null;
  }
}
