package io.github.modalemulator.internal.listen;

import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.XnioIoThread;

/** Where a connection's clocks read the time and set their timers: its I/O thread, or a test's. */
interface Ticker {
  long nanoTime();

  /**
   * Runs {@code task} on {@code owner} once {@code nanos} have gone by, holding the owner weakly: a
   * connection closed before its timer is due is not kept reachable until then.
   */
  <T> void after(long nanos, T owner, Consumer<T> task);

  /**
   * The timers of a connection's I/O thread. A timer that held its clock strongly would keep a
   * closed connection, with all its parser holds, for the whole timeout: about 2 MiB after a
   * request of 900 KiB of headers, which 40 such requests in 3 s turned into 88 MiB of a 128 MiB
   * heap.
   */
  static Ticker of(XnioIoThread thread) {
    return new Ticker() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public <T> void after(long nanos, T owner, Consumer<T> task) {
        WeakReference<T> held = new WeakReference<>(owner);
        thread.executeAfter(
            () -> {
              T alive = held.get();
              if (alive != null) {
                task.accept(alive);
              }
            },
            nanos,
            TimeUnit.NANOSECONDS);
      }
    };
  }
}
