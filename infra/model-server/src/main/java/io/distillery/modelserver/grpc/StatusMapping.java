package io.distillery.modelserver.grpc;

import io.distillery.kserve.repository.RepositoryException;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.modelserver.ServingException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;

/**
 * Maps server failures to gRPC statuses: a {@link ServingException} by its reason, a repository's
 * refusal as NOT_FOUND or INVALID_ARGUMENT, a malformed tensor as INVALID_ARGUMENT; anything
 * unexpected becomes INTERNAL.
 */
final class StatusMapping {

  private StatusMapping() {}

  static StatusRuntimeException toStatus(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ServingException se) {
      Status status =
          switch (se.reason()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
          };
      return status.withDescription(se.getMessage()).asRuntimeException();
    }
    if (cause instanceof RepositoryException re) {
      Status status =
          switch (re.kind()) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case INVALID -> Status.INVALID_ARGUMENT;
          };
      return status.withDescription(re.getMessage()).asRuntimeException();
    }
    if (cause instanceof UnsupportedOperationException) {
      return Status.UNIMPLEMENTED.withDescription(cause.getMessage()).asRuntimeException();
    }
    if (cause instanceof TensorException
        || cause instanceof IllegalArgumentException
        || cause instanceof ArithmeticException) {
      return Status.INVALID_ARGUMENT.withDescription(cause.getMessage()).asRuntimeException();
    }
    if (cause instanceof UncheckedIOException) {
      return Status.INTERNAL.withDescription(cause.getMessage()).asRuntimeException();
    }
    return Status.INTERNAL
        .withDescription(String.valueOf(cause))
        .withCause(cause)
        .asRuntimeException();
  }
}
