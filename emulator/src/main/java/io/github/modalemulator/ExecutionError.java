package io.github.modalemulator;

/**
 * A call can't be made as asked, the Java face of {@code modal.exception.ExecutionError}: {@code
 * local()} of a function looked up by name, a call that was cancelled.
 */
public class ExecutionError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the message the caller reads. */
  public ExecutionError(String message) {
    super(message);
  }
}
