package io.github.modalemulator.internal.listen;

/**
 * The header timeout of one HTTP/1 connection: a request whose head has begun but not ended within
 * the timeout expires (its answer, a 408, is the connection's). One timer a connection, moved on
 * while requests keep their time, as Undertow's {@code ParseTimeoutUpdater} does for its own.
 *
 * <p>Started and stopped on the I/O thread or, when a blocking exchange ends, on a worker; its
 * timer runs on the I/O thread: hence the lock.
 */
final class HeaderClock {
  private final Ticker ticker;
  private final long timeoutNanos;
  private final Runnable expired;
  private boolean running; // guarded by this
  private long since; // guarded by this
  private boolean timerSet; // guarded by this

  /**
   * @param expired what a head that took too long gets, on the I/O thread
   */
  HeaderClock(Ticker ticker, long timeoutNanos, Runnable expired) {
    this.ticker = ticker;
    this.timeoutNanos = timeoutNanos;
    this.expired = expired;
  }

  /** A request's head has begun: it has the whole timeout from now. */
  synchronized void start() {
    running = true;
    since = ticker.nanoTime();
    if (!timerSet) {
      timerSet = true;
      ticker.after(timeoutNanos, this, HeaderClock::tick);
    }
  }

  /** The head has ended, or the connection left HTTP/1: nothing to time. */
  synchronized void stop() {
    running = false;
  }

  /** The timeout in milliseconds, for the log. */
  long timeoutMillis() {
    return timeoutNanos / 1_000_000;
  }

  private void tick() {
    synchronized (this) {
      timerSet = false;
      if (!running) {
        return;
      }
      long left = since + timeoutNanos - ticker.nanoTime();
      if (left > 0) {
        timerSet = true;
        ticker.after(left, this, HeaderClock::tick);
        return;
      }
      running = false;
    }
    expired.run();
  }
}
