package io.github.modalemulator.internal.runtime;

/**
 * The runtime's clock, in nanoseconds as {@link System#nanoTime()} counts them: a test sets its own
 * to move through scaledown windows and timeouts without sleeping.
 */
@FunctionalInterface
public interface Ticker {
  Ticker SYSTEM = System::nanoTime;

  long nanoTime();
}
