package io.github.modalemulator.internal.calls;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/** One input of a function, from the moment it is queued until its result is read. */
public interface Invocation {
  /** {@code fc-...}: what {@code FunctionCall.from_id} takes. */
  String id();

  /** The function's name. */
  String function();

  /**
   * Its result as it crossed the boundary, waiting up to {@code timeoutNanos} ({@link
   * Long#MAX_VALUE}: as long as it takes; 0: not at all).
   *
   * @throws io.github.modalemulator.TimeoutError when it has no result yet
   * @throws io.github.modalemulator.FunctionTimeoutError when it ran past its function's timeout
   * @throws io.github.modalemulator.RemoteFunctionException when the function threw
   */
  JsonNode await(long timeoutNanos) throws InterruptedException;

  /** Completes (normally, whatever the outcome) once it has ended. */
  CompletableFuture<?> ended();

  /** A generator's items as they come; its failure is thrown where it happened. */
  Iterator<JsonNode> items();

  /**
   * Cancels it: a queued input never runs, a running one is interrupted; {@code
   * terminateContainers} also replaces the container it runs in.
   */
  void cancel(boolean terminateContainers);
}
