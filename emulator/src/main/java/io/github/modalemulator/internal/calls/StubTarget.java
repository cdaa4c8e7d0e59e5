package io.github.modalemulator.internal.calls;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.modalemulator.ExecutionError;
import io.github.modalemulator.TimeoutError;
import io.github.modalemulator.emulator.FunctionStub;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** A stubbed function: each call crosses the boundary, runs the stub, and is recorded. */
public final class StubTarget implements CallTarget {
  private final String app;
  private final String name;
  private final FunctionStub stub;
  private final Executor inputs;
  private final CallLedger ledger;

  public StubTarget(
      String app, String name, FunctionStub stub, Executor inputs, CallLedger ledger) {
    this.app = app;
    this.name = name;
    this.stub = stub;
    this.inputs = inputs;
    this.ledger = ledger;
  }

  @Override
  public String app() {
    return app;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Boolean generator() {
    return null; // a stub may answer either way
  }

  @Override
  public Optional<String> webUrl() {
    return Optional.empty();
  }

  @Override
  public Invocation start(List<?> arguments, String verb) {
    List<JsonNode> trees = CallJson.arguments(arguments, name);
    CallRecord record = new CallRecord(CallLedger.newId(), app, name, verb, trees);
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    Invocation invocation = new Answered(record, result);
    ledger.add(record, invocation);
    Runnable run =
        () -> {
          record.running("stub");
          List<Object> plain = new ArrayList<>();
          trees.forEach(t -> plain.add(CallJson.plain(t)));
          try {
            JsonNode tree = CallJson.write(stub.call(plain), null);
            record.succeeded(tree);
            result.complete(tree);
          } catch (Exception | Error thrown) {
            RuntimeException failure = Failures.of(name, thrown);
            record.ended("failure", thrown.toString());
            result.completeExceptionally(failure);
          }
        };
    try {
      inputs.execute(run);
    } catch (RejectedExecutionException stopping) {
      record.ended("failure", "the emulator is stopping");
      result.completeExceptionally(new ExecutionError("the emulator is stopping"));
    }
    return invocation;
  }

  /** A call whose result a future holds. */
  private record Answered(CallRecord record, CompletableFuture<JsonNode> result)
      implements Invocation {
    @Override
    public String id() {
      return record.id();
    }

    @Override
    public String function() {
      return record.function();
    }

    @Override
    public JsonNode await(long timeoutNanos) throws InterruptedException {
      try {
        return timeoutNanos == Long.MAX_VALUE
            ? result.get()
            : result.get(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException notYet) {
        throw new TimeoutError("call " + id() + " of " + function() + " has no result yet");
      } catch (ExecutionException failed) {
        throw (RuntimeException) failed.getCause();
      }
    }

    @Override
    public CompletableFuture<?> ended() {
      return result.handle((value, failure) -> null);
    }

    @Override
    public Iterator<JsonNode> items() {
      try {
        JsonNode all = await(Long.MAX_VALUE);
        List<JsonNode> list = new ArrayList<>();
        if (all != null && all.isArray()) {
          all.forEach(list::add);
        } else {
          list.add(all);
        }
        return list.iterator();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExecutionError("interrupted while waiting for " + function());
      }
    }

    @Override
    public void cancel(boolean terminateContainers) {
      if (result.completeExceptionally(
          new ExecutionError("call " + id() + " of " + function() + " was cancelled"))) {
        record.ended("cancelled", null);
      }
    }
  }
}
