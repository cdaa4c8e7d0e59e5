package io.github.modalemulator.internal.assembly;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Holds back container starts until it opens: a reload's new web server must not start while the
 * old one still listens on the same fixed port. Tasks handed over before then wait here, in order;
 * none holds a thread.
 */
final class StartGate {
  private final List<Runnable> held = new ArrayList<>(); // guarded by this
  private boolean open; // guarded by this

  /** {@code starter}, behind this gate. */
  Executor in(Executor starter) {
    return task -> {
      synchronized (this) {
        if (!open) {
          held.add(() -> starter.execute(task));
          return;
        }
      }
      starter.execute(task);
    };
  }

  void open() {
    List<Runnable> released;
    synchronized (this) {
      open = true;
      released = new ArrayList<>(held);
      held.clear();
    }
    released.forEach(Runnable::run);
  }
}
