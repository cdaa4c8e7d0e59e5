package io.github.modalemulator;

import java.util.List;

/**
 * What a called function threw, as its caller sees it: the cloud re-raises the callee's exception
 * in the caller; a Java caller can't hold the callee's own exception object (it crossed a boundary,
 * and its class may be another class loader's), so it gets this, naming the function, whose {@link
 * #getCause() cause} has the callee's exception type, message and stack trace as they were in the
 * container (and its causes in turn).
 *
 * <pre>
 * io.github.modalemulator.RemoteFunctionException: process raised java.lang.IllegalStateException: no such job
 *     at ...the caller's frames...
 * Caused by: java.lang.IllegalStateException: no such job
 *     at com.example.JobQueueApp.process(JobQueueApp.java:41)
 * </pre>
 */
public class RemoteFunctionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * The callee's exception as it was thrown in the container: {@link #toString()} gives its type
   * and message, {@link #getStackTrace()} its frames there.
   */
  public static final class Thrown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String type;

    /** One exception of the callee's chain; {@code cause} is the next, or null. */
    public Thrown(String type, String message, List<StackTraceElement> frames, Thrown cause) {
      super(message, cause, false, true);
      this.type = type;
      setStackTrace(frames.toArray(StackTraceElement[]::new));
    }

    /** The callee's exception class name, such as {@code java.lang.IllegalStateException}. */
    public String type() {
      return type;
    }

    @Override
    public String toString() {
      return getMessage() == null ? type : type + ": " + getMessage();
    }
  }

  private final String function;

  /**
   * @param function the callee's name, as calls name it ({@code process}, {@code Model.predict})
   * @param thrown what it threw
   */
  public RemoteFunctionException(String function, Thrown thrown) {
    super(function + " raised " + thrown, thrown);
    this.function = function;
  }

  /** The function that threw. */
  public String function() {
    return function;
  }

  /** The callee's exception class name. */
  public String remoteType() {
    return ((Thrown) getCause()).type();
  }
}
