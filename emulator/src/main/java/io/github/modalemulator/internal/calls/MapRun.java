package io.github.modalemulator.internal.calls;

import io.github.modalemulator.MapOptions;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The results of a {@code map}: inputs are started {@value #WINDOW} ahead of the reader at most (so
 * that a long list never fills the function's queue at once), and read in input order, or as they
 * finish.
 */
public final class MapRun implements Iterator<Object> {
  /** How many inputs run or wait ahead of the reader. */
  static final int WINDOW = 1000;

  private final CallTarget target;
  private final List<List<?>> inputs;
  private final MapOptions options;
  private final String verb;
  private final Function<Object, Object> reader;
  private final ArrayDeque<Invocation> started = new ArrayDeque<>();
  private int next; // the next input to start

  /**
   * @param reader reads one result tree as the caller's type
   */
  public MapRun(
      CallTarget target,
      List<List<?>> inputs,
      MapOptions options,
      String verb,
      Function<Object, Object> reader) {
    this.target = target;
    this.inputs = inputs;
    this.options = options;
    this.verb = verb;
    this.reader = reader;
    fill();
  }

  private void fill() {
    while (started.size() < WINDOW && next < inputs.size()) {
      started.add(target.start(inputs.get(next++), verb));
    }
  }

  @Override
  public boolean hasNext() {
    return !started.isEmpty();
  }

  @Override
  public Object next() {
    if (started.isEmpty()) {
      throw new NoSuchElementException();
    }
    Invocation taken = options.orderOutputs() ? started.poll() : firstDone();
    try {
      Object result;
      try {
        result = reader.apply(taken.await(Long.MAX_VALUE));
      } catch (RuntimeException failed) {
        if (!options.returnExceptions()) {
          started.forEach(i -> i.cancel(false)); // the map is over: the rest never runs
          started.clear();
          throw failed;
        }
        result = failed;
      }
      fill();
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.forEach(i -> i.cancel(false));
      started.clear();
      throw new io.github.modalemulator.ExecutionError("interrupted while mapping over inputs");
    }
  }

  private Invocation firstDone() {
    CompletableFuture<?>[] ends =
        started.stream().map(Invocation::ended).toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.anyOf(ends).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException cannotHappen) {
      // ended() completes normally
    }
    for (Iterator<Invocation> it = started.iterator(); it.hasNext(); ) {
      Invocation invocation = it.next();
      if (invocation.ended().isDone()) {
        it.remove();
        return invocation;
      }
    }
    return started.poll();
  }
}
