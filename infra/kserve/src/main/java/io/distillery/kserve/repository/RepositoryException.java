package io.distillery.kserve.repository;

/**
 * A model repository refused a name or lacks what was asked for; the {@link Kind} says which, so a
 * server can answer NOT_FOUND or INVALID_ARGUMENT.
 */
public final class RepositoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the repository refused. */
  public enum Kind {
    /** The model is not in the repository. */
    NOT_FOUND,
    /**
     * The name or a configuration is unusable: a name that is not a plain folder name, a path
     * leading out of the repository, a config.pbtxt that does not parse or names another model.
     */
    INVALID
  }

  private final Kind kind;

  /** A refusal of this kind, with a message that says what is wrong. */
  public RepositoryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** Why the repository refused. */
  public Kind kind() {
    return kind;
  }

  static RepositoryException invalid(String message) {
    return new RepositoryException(Kind.INVALID, message, null);
  }
}
