package io.github.modalemulator.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops processes with their descendants: politely first, then, after 5 s, forcibly. It returns
 * once every one of them has ended, not only the ones it was given: {@code npm run dev} ends at
 * once, while the server it started may still hold its port for a moment.
 */
final class ProcessTrees {
  private static final long POLITE_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final long FORCED_NANOS = TimeUnit.SECONDS.toNanos(1);

  private ProcessTrees() {}

  static void stop(List<ProcessHandle> processes) {
    // Found before any ends: a process whose parent has ended is no longer its descendant.
    List<ProcessHandle> tree = new ArrayList<>();
    for (ProcessHandle process : processes) {
      process.descendants().forEach(tree::add);
      tree.add(process);
    }
    tree.forEach(ProcessHandle::destroy);
    if (!awaitAll(tree, POLITE_NANOS)) {
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      awaitAll(tree, FORCED_NANOS);
    }
  }

  /** Whether all have ended within {@code nanos}, shared among them. */
  private static boolean awaitAll(List<ProcessHandle> tree, long nanos) {
    long deadline = System.nanoTime() + nanos;
    for (ProcessHandle process : tree) {
      try {
        process.onExit().get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception stillRunning) {
        return false;
      }
    }
    return true;
  }
}
