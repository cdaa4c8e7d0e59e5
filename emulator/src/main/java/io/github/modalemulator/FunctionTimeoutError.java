package io.github.modalemulator;

/**
 * A call ran past its function's {@code timeout}, the Java face of {@code
 * modal.exception.FunctionTimeoutError}. The input was abandoned and its container replaced, as in
 * the cloud.
 */
public class FunctionTimeoutError extends TimeoutError {
  private static final long serialVersionUID = 1L;

  /** With the message the caller reads. */
  public FunctionTimeoutError(String message) {
    super(message);
  }
}
