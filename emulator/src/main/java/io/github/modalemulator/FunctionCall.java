package io.github.modalemulator;

import io.github.modalemulator.internal.calls.Backends;
import io.github.modalemulator.internal.calls.CallBackend;
import io.github.modalemulator.internal.calls.CallJson;
import io.github.modalemulator.internal.calls.Invocation;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;

/**
 * A call made with {@link RemoteFunction#spawn}, the Java face of {@code modal.FunctionCall}: its
 * id can be handed out (to a web client that polls) and found again with {@link #fromId(String)};
 * its result is read with {@link #get(double)}, where a timeout of 0 polls.
 *
 * <pre>{@code
 * FunctionCall<String> call = RemoteFunction.of(JobQueueApp::process).spawn(text);
 * String id = call.objectId();
 * ...
 * try {
 *   String result = FunctionCall.fromId(id, String.class).get(0);
 * } catch (TimeoutError notYet) { ... }
 * }</pre>
 *
 * @param <R> the type its result is read as
 */
public final class FunctionCall<R> {
  private final CallBackend backend; // null: found when first used, as from_id is lazy
  private final String id;
  private final Type resultType;
  private final Class<?> anchor;
  private Invocation invocation; // guarded by this

  FunctionCall(CallBackend backend, Invocation invocation, Type resultType, Class<?> anchor) {
    this.backend = backend;
    this.id = invocation.id();
    this.invocation = invocation;
    this.resultType = resultType;
    this.anchor = anchor;
  }

  /** For the emulator: the call with this id, found in one emulator. */
  static FunctionCall<Object> bound(CallBackend backend, String id) {
    return new FunctionCall<>(backend, id, Object.class, Object.class);
  }

  private FunctionCall(CallBackend backend, String id, Type resultType, Class<?> anchor) {
    this.backend = backend;
    this.id = id;
    this.resultType = resultType;
    this.anchor = anchor;
  }

  /**
   * The call with this id, its result read as plain JSON values (maps, lists, strings, numbers).
   * Lazy, as the client's: an unknown id fails when the call is first used, with {@link
   * NotFoundError}.
   */
  public static FunctionCall<Object> fromId(String functionCallId) {
    return fromId(functionCallId, Object.class);
  }

  /** The call with this id, its result read as {@code type}. */
  public static <R> FunctionCall<R> fromId(String functionCallId, Class<R> type) {
    Objects.requireNonNull(functionCallId, "functionCallId");
    return new FunctionCall<>(null, functionCallId, type, type);
  }

  /** Its id, {@code fc-...}: the client's {@code object_id}. */
  public String objectId() {
    return id;
  }

  /** How many inputs it has: one, for a call made with {@code spawn}. */
  public int numInputs() {
    return 1;
  }

  /**
   * Its result, waiting as long as it takes.
   *
   * @throws RemoteFunctionException when the function threw
   * @throws FunctionTimeoutError when it ran past its function's timeout
   */
  public R get() {
    return read(Long.MAX_VALUE);
  }

  /**
   * Its result, waiting at most {@code timeoutSeconds}; {@code 0} polls.
   *
   * @throws TimeoutError when it has no result by then
   * @throws RemoteFunctionException when the function threw
   * @throws FunctionTimeoutError when it ran past its function's timeout
   * @throws NotFoundError when no call has this id
   */
  public R get(double timeoutSeconds) {
    if (!(timeoutSeconds >= 0)) {
      throw new IllegalArgumentException(
          "timeout must be 0 (poll) or more seconds, not " + timeoutSeconds);
    }
    return read(
        Double.isInfinite(timeoutSeconds)
            ? Long.MAX_VALUE
            : (long) Math.min(Long.MAX_VALUE - 1, timeoutSeconds * 1e9));
  }

  /** As {@link #get(double)}. */
  public R get(Duration timeout) {
    return read(timeout.toNanos());
  }

  /** Cancels it: it never runs if it waits, or is interrupted if it runs. */
  public void cancel() {
    cancel(false);
  }

  /** Cancels it; with {@code terminateContainers}, the container running it is replaced too. */
  public void cancel(boolean terminateContainers) {
    invocation().cancel(terminateContainers);
  }

  @SuppressWarnings("unchecked") // read as resultType, which is R
  private R read(long timeoutNanos) {
    try {
      return (R) CallJson.read(invocation().await(timeoutNanos), resultType, anchor);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExecutionError("interrupted while waiting for the result of " + id);
    } catch (IllegalArgumentException e) {
      throw new SerializationError(
          "the result of " + id + " can't be read as " + resultType.getTypeName() + ": " + e);
    }
  }

  private synchronized Invocation invocation() {
    if (invocation == null) {
      invocation = (backend != null ? backend : Backends.current()).call(id);
    }
    return invocation;
  }

  @Override
  public String toString() {
    return "FunctionCall(" + id + ")";
  }
}
