package io.github.modalemulator.internal.listen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** A connection's time as a test moves it on: timers run when the test advances past them. */
final class ManualTicker implements Ticker {
  private record Timer(long due, long order, Runnable task) {}

  private final List<Timer> timers = new ArrayList<>();
  private long now = 1_000_000_000L;
  private long scheduled;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public <T> void after(long nanos, T owner, Consumer<T> task) {
    timers.add(new Timer(now + nanos, scheduled++, () -> task.accept(owner)));
  }

  /** Moves the time on by {@code step}, running each timer due on the way at its own time. */
  void advance(Duration step) {
    long until = now + step.toNanos();
    while (true) {
      Timer next =
          timers.stream()
              .filter(timer -> timer.due() <= until)
              .min(Comparator.comparingLong(Timer::due).thenComparingLong(Timer::order))
              .orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next);
      now = Math.max(now, next.due());
      next.task().run();
    }
    now = until;
  }

  /** How many timers are set. */
  int timers() {
    return timers.size();
  }
}
