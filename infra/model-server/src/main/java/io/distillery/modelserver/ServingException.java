package io.distillery.modelserver;

/**
 * A request or model-control failure of the development inference server, with the reason that
 * decides the gRPC status code the client sees.
 */
public final class ServingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the call failed; the gRPC layer maps each to the status code of the same name. */
  public enum Reason {
    /** The request is malformed: wrong tensor names, datatypes, shapes or sizes. */
    INVALID_ARGUMENT,
    /** The model or version does not exist in the repository. */
    NOT_FOUND,
    /** The model exists but is not loaded or ready, or its execution did not finish in time. */
    UNAVAILABLE,
    /** The model or the server failed while executing a valid request. */
    INTERNAL
  }

  private final Reason reason;

  /** A failure with the given reason and a message that says what is wrong. */
  public ServingException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A failure caused by another exception. */
  public ServingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the call failed. */
  public Reason reason() {
    return reason;
  }

  /** A malformed-request failure. */
  public static ServingException invalid(String message) {
    return new ServingException(Reason.INVALID_ARGUMENT, message);
  }
}
