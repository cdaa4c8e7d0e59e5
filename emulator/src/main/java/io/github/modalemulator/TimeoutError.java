package io.github.modalemulator;

/**
 * Base class of the cloud's timeouts, the Java face of {@code modal.exception.TimeoutError}: raised
 * by {@link FunctionCall#get(double)} when the call has no result within the time given (a timeout
 * of 0 polls).
 */
public class TimeoutError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the message the caller reads. */
  public TimeoutError(String message) {
    super(message);
  }
}
