package io.github.modalemulator;

/**
 * An argument or a result can't cross the boundary between a caller and a function's container, the
 * Java face of {@code modal.exception.SerializationError}: in the cloud it is pickled; here it is
 * written as JSON by Jackson, and what Jackson can't write (or read back as the declared type)
 * fails the call before it runs.
 */
public class SerializationError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the message the caller reads. */
  public SerializationError(String message) {
    super(message);
  }
}
