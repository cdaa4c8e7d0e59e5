package io.github.modalemulator;

/**
 * What a lookup names doesn't exist, the Java face of {@code modal.exception.NotFoundError}: no
 * deployed app has the function, or no call has the id.
 */
public class NotFoundError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the message the caller reads. */
  public NotFoundError(String message) {
    super(message);
  }
}
