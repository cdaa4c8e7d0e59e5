package io.github.modalemulator.internal.runtime;

import io.undertow.server.HttpServerExchange;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Finds user code that holds an I/O thread, as Vert.x's blocked-thread checker does: a handler that
 * Undertow calls on the I/O thread must hand blocking work to a worker, or every connection of that
 * thread waits. Each call costs two field writes; the autoscaler's round looks at every I/O thread,
 * and logs a warning, with the thread's stack, once per call that runs past the limit.
 */
public final class IoThreadWatch {
  /** The warning's limit: Vert.x's default for an event loop, 2 s. */
  public static final long DEFAULT_LIMIT_MILLIS = 2000;

  private final Slot[] slots;
  private final long limitNanos;
  private final Ticker ticker;

  /** What one I/O thread runs of the user's now. */
  static final class Slot {
    private volatile long since;
    private volatile boolean busy;
    private volatile String function;
    private volatile FunctionLog log;
    private volatile Thread thread;
    private long warnedFor; // the round's thread only: the call it warned about

    void leave() {
      busy = false;
    }
  }

  /**
   * @param ioThreads the worker's I/O threads, numbered from 0 as XNIO numbers them
   */
  public IoThreadWatch(int ioThreads, long limitMillis, Ticker ticker) {
    this.slots = new Slot[ioThreads];
    Arrays.setAll(slots, i -> new Slot());
    this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
    this.ticker = ticker;
  }

  /**
   * The exchange's I/O thread calls user code of {@code function} now; {@link Slot#leave()} after.
   */
  Slot enter(HttpServerExchange exchange, String function, FunctionLog log) {
    int number = exchange.getIoThread().getNumber();
    Slot slot = slots[number < slots.length ? number : 0];
    slot.thread = Thread.currentThread();
    slot.function = function;
    slot.log = log;
    slot.since = ticker.nanoTime();
    slot.busy = true;
    return slot;
  }

  /**
   * Interrupts every I/O thread that still runs user code: a stop that waited its timeout for
   * requests in flight ends what is left, as it does for code on the worker threads.
   */
  public void interruptBusy() {
    for (Slot slot : slots) {
      Thread thread = slot.thread;
      if (slot.busy && thread != null) {
        thread.interrupt();
      }
    }
  }

  /** The autoscaler's round. */
  public void check(long now) {
    for (Slot slot : slots) {
      long since = slot.since;
      if (!slot.busy || now - since < limitNanos || slot.warnedFor == since) {
        continue;
      }
      slot.warnedFor = since;
      Thread thread = slot.thread;
      String stack =
          Arrays.stream(thread.getStackTrace())
              .map(frame -> "\tat " + frame)
              .collect(Collectors.joining("\n"));
      slot.log.warn(
          "thread "
              + thread.getName()
              + " has run "
              + slot.function
              + " for "
              + TimeUnit.NANOSECONDS.toMillis(now - since)
              + " ms without returning: it is an I/O thread, and every connection it serves waits;"
              + " dispatch blocking work to a worker (exchange.dispatch(...) or Undertow's"
              + " BlockingHandler)\n"
              + stack);
    }
  }
}
