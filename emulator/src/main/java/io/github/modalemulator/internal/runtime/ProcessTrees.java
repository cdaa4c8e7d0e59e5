package io.github.modalemulator.internal.runtime;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops processes with their descendants: politely first, then, after 5 s, forcibly. */
final class ProcessTrees {
  private ProcessTrees() {}

  static void stop(List<ProcessHandle> processes) {
    for (ProcessHandle process : processes) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception stillRunning) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }
}
