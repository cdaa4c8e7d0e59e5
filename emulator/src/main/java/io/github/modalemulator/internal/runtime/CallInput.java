package io.github.modalemulator.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.modalemulator.ExecutionError;
import io.github.modalemulator.FunctionTimeoutError;
import io.github.modalemulator.RemoteFunctionException;
import io.github.modalemulator.SerializationError;
import io.github.modalemulator.TimeoutError;
import io.github.modalemulator.internal.calls.Backends;
import io.github.modalemulator.internal.calls.CallJson;
import io.github.modalemulator.internal.calls.CallRecord;
import io.github.modalemulator.internal.calls.Failures;
import io.github.modalemulator.internal.calls.Invocation;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.BaseStream;

/**
 * One call of a function, as an input of its pool: it waits for a slot like a request, then runs on
 * a thread of its own with its arguments read as the container's copy of the method declares them;
 * its result (or a generator's items) crosses back as JSON. Past the function's timeout it fails
 * with {@link FunctionTimeoutError}, its code is interrupted and its container replaced.
 */
final class CallInput implements PoolInput, Invocation {
  private enum State {
    QUEUED,
    RUNNING,
    ENDED
  }

  /** The end of a generator's items. */
  private static final Object END = new Object();

  /** How many items a generator may run ahead of its reader. */
  private static final int ITEMS_AHEAD = 64;

  private final CallRuntime runtime;
  private final CallRecord record;
  private List<JsonNode> arguments; // dropped once read: the ledger keeps the call a while
  private final long arrivedAt;
  private final CompletableFuture<JsonNode> result = new CompletableFuture<>();
  private final BlockingQueue<Object> items; // null unless a generator
  private State state = State.QUEUED; // guarded by this
  private Container container; // guarded by this
  private Thread runner; // guarded by this
  private long deadline; // guarded by this

  CallInput(CallRuntime runtime, CallRecord record, List<JsonNode> arguments, long arrivedAt) {
    this.runtime = runtime;
    this.record = record;
    this.arguments = arguments;
    this.arrivedAt = arrivedAt;
    this.items = runtime.definition().generator() ? new ArrayBlockingQueue<>(ITEMS_AHEAD) : null;
  }

  @Override
  public String id() {
    return record.id();
  }

  @Override
  public String function() {
    return runtime.definition().name();
  }

  @Override
  public long arrivedAt() {
    return arrivedAt;
  }

  @Override
  public void leased(Container leased, boolean coldStart) {
    synchronized (this) {
      container = leased;
      if (state != State.QUEUED) {
        leased = null; // cancelled while it waited
      }
    }
    if (leased == null) {
      runtime.pool().release(this, container);
      return;
    }
    try {
      runtime.inputs().execute(this::run);
    } catch (RejectedExecutionException stopping) {
      end("failure", new ExecutionError("the emulator is stopping"));
      runtime.pool().release(this, container);
    }
  }

  @Override
  public void refused(ContainerPool.Refusal refusal) {
    String name = function();
    end(
        "failure",
        new ExecutionError(
            switch (refusal) {
              case QUEUE_FULL ->
                  "Function "
                      + name
                      + " reached pending input queue limit and can't take more inputs now; try"
                      + " again later";
              case START_FAILED ->
                  "the container of "
                      + name
                      + " failed to start: "
                      + runtime.pool().spec().startBlame()
                      + " threw (its log has the stack trace)";
              case STOPPED -> "the emulator is stopping";
            }));
  }

  @Override
  public void checkDeadlines(long now) {
    Container timedOut;
    Thread interrupted;
    synchronized (this) {
      if (state != State.RUNNING || now - deadline < 0) {
        return;
      }
      timedOut = container;
      interrupted = runner;
    }
    long seconds = runtime.definition().scaling().timeout();
    runtime
        .pool()
        .log()
        .warn(
            "call "
                + id()
                + " of "
                + function()
                + " ran past its timeout of "
                + seconds
                + " s in container "
                + timedOut.id
                + ": it is abandoned and the container replaced");
    runtime.pool().retire(timedOut, "an input ran past the function's timeout");
    end(
        "timeout",
        new FunctionTimeoutError(
            function()
                + " ran past its timeout of "
                + seconds
                + " s (call "
                + id()
                + " in container "
                + timedOut.id
                + "); the input was abandoned and its container replaced"));
    if (interrupted != null) {
      interrupted.interrupt(); // after the timeout is its end: what the code throws now is moot
    }
  }

  /** The input's whole life in its container, on a thread of the runtime's. */
  private void run() {
    Container running;
    synchronized (this) {
      if (state != State.QUEUED) {
        runtime.pool().release(this, container);
        return;
      }
      state = State.RUNNING;
      runner = Thread.currentThread();
      deadline = runtime.ticker().nanoTime() + runtime.timeoutNanos();
      running = container;
    }
    record.running(running.id);
    ClassLoader previous = UserCode.enter(running.codeLoader(runtime.appLoader()));
    FunctionLog printing = ConsoleCapture.attribute(runtime.pool().log());
    var backend = Backends.enter(runtime.backend());
    try {
      FunctionDefinition function = running.callable(function());
      Method method = function.method();
      Object value = UserCode.invoke(method, running.instance(), read(method));
      if (value instanceof CompletionStage<?> stage) {
        value = stage.toCompletableFuture().get();
      }
      Class<?> anchor = method.getDeclaringClass();
      if (items != null) {
        produce(value, anchor);
        end("success", null);
      } else {
        JsonNode tree = written(value, anchor, "the result of " + function());
        succeed(tree);
      }
    } catch (SerializationError refused) {
      end("failure", refused);
    } catch (Throwable thrown) {
      Throwable cause = thrown instanceof ExecutionException e ? e.getCause() : thrown;
      if (!over()) {
        runtime.pool().log().error("call " + id() + " of " + function() + " threw", cause);
      }
      end("failure", Failures.of(function(), cause));
    } finally {
      Backends.leave(backend);
      ConsoleCapture.attribute(printing);
      UserCode.leave(previous);
      synchronized (this) {
        runner = null;
      }
      Thread.interrupted(); // a timeout's or cancel's interrupt that came late
      runtime.pool().release(this, running);
    }
  }

  /** The arguments as the container's copy of the method declares them. */
  private Object[] read(Method method) {
    Parameter[] parameters = method.getParameters();
    Type[] types = method.getGenericParameterTypes();
    Object[] values = new Object[parameters.length];
    List<JsonNode> given = arguments;
    arguments = null;
    for (int i = 0; i < values.length; i++) {
      try {
        values[i] = CallJson.read(given.get(i), types[i], method.getDeclaringClass());
      } catch (IllegalArgumentException e) {
        throw new SerializationError(
            CallRuntime.describeArgument(function(), parameters[i], types[i])
                + " can't be read as the container's copy of its type: "
                + e.getMessage());
      }
    }
    return values;
  }

  private static JsonNode written(Object value, Class<?> anchor, String what) {
    try {
      return CallJson.write(value, anchor);
    } catch (IllegalArgumentException e) {
      throw new SerializationError(
          what
              + " ("
              + (value == null ? "null" : value.getClass().getName())
              + ") can't cross to the caller as JSON: "
              + e.getMessage());
    }
  }

  private void produce(Object value, Class<?> anchor) throws InterruptedException {
    Iterator<?> iterator;
    if (value instanceof BaseStream<?, ?> stream) {
      iterator = stream.iterator();
    } else if (value instanceof Iterator<?> it) {
      iterator = it;
    } else {
      throw new IllegalStateException(
          function() + " is a generator and returned " + value + "; return a Stream or Iterator");
    }
    try {
      while (iterator.hasNext()) {
        JsonNode item = written(iterator.next(), anchor, "an item of " + function());
        record.item(item);
        items.put(item);
      }
    } finally {
      if (value instanceof BaseStream<?, ?> stream) {
        stream.close();
      }
    }
  }

  private void succeed(JsonNode tree) {
    synchronized (this) {
      if (state == State.ENDED) {
        return;
      }
      state = State.ENDED;
    }
    record.succeeded(tree);
    result.complete(tree);
  }

  private synchronized boolean over() {
    return state == State.ENDED;
  }

  /** Ends it once: what comes later (an interrupted run after its timeout) changes nothing. */
  void end(String how, RuntimeException failure) {
    synchronized (this) {
      if (state == State.ENDED) {
        return;
      }
      state = State.ENDED;
    }
    if (failure == null) {
      record.succeeded(null);
      result.complete(null);
      if (items != null) {
        offerEnd(END);
      }
      return;
    }
    record.ended(how, describe(failure));
    result.completeExceptionally(failure);
    if (items != null) {
      offerEnd(failure);
    }
  }

  private void offerEnd(Object last) {
    // The reader may have stopped reading: never block the thread that ends the call on it.
    if (!items.offer(last)) {
      items.clear();
      items.offer(last);
    }
  }

  private static String describe(RuntimeException failure) {
    if (failure instanceof RemoteFunctionException remote) {
      return remote.getCause().toString();
    }
    return failure.getClass().getName() + ": " + failure.getMessage();
  }

  @Override
  public JsonNode await(long timeoutNanos) throws InterruptedException {
    try {
      if (timeoutNanos == Long.MAX_VALUE) {
        return result.get();
      }
      return result.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException notYet) {
      throw new TimeoutError(
          "call " + id() + " of " + function() + " has no result yet (it is " + status() + ")");
    } catch (ExecutionException failed) {
      throw (RuntimeException) failed.getCause();
    }
  }

  private String status() {
    return record.status();
  }

  @Override
  public CompletableFuture<?> ended() {
    return result.handle((value, failure) -> null);
  }

  @Override
  public Iterator<JsonNode> items() {
    return new Iterator<>() {
      private Object next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = items.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionError("interrupted while waiting for an item of " + function());
          }
          if (next instanceof RuntimeException failure) {
            offerEnd(failure); // asked again, it fails again
            throw failure;
          }
        }
        if (next == END) {
          offerEnd(END);
          return false;
        }
        return true;
      }

      @Override
      public JsonNode next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        JsonNode item = (JsonNode) next;
        next = null;
        return item;
      }
    };
  }

  @Override
  public void cancel(boolean terminateContainers) {
    Container at;
    boolean queued;
    Thread interrupted;
    synchronized (this) {
      if (state == State.ENDED) {
        return;
      }
      queued = state == State.QUEUED;
      at = container;
      interrupted = runner;
    }
    end("cancelled", new ExecutionError("call " + id() + " of " + function() + " was cancelled"));
    if (interrupted != null) {
      interrupted.interrupt(); // after its end: what the code throws now is moot
    }
    if (queued) {
      runtime.pool().withdraw(this);
    } else if (terminateContainers && at != null) {
      runtime.pool().retire(at, "its input was cancelled with terminate_containers");
    }
  }
}
