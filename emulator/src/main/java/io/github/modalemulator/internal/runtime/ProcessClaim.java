package io.github.modalemulator.internal.runtime;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * Which of the JVM's child processes one {@code @WebServer} start made. A JVM can't tell which
 * thread started a process, so starts take turns: one start at a time holds the claim from its
 * snapshot of the JVM's children until its function has returned or its port accepts, and every
 * child that appeared meanwhile is its own. Two starts at once would otherwise each claim the
 * other's processes, and stopping either would kill both servers.
 *
 * <p>The cost is that a start waits while another one's function runs: for a function that starts a
 * process and returns, milliseconds; for one that starts its server in the JVM, that server's
 * start-up. The claim is a semaphore, not a lock, because the runner thread may end it.
 */
final class ProcessClaim {
  private static final Semaphore ONE_START_AT_A_TIME = new Semaphore(1, true);

  private final Set<Long> before;
  private List<ProcessHandle> claimed; // null while the claim is open

  private ProcessClaim(Set<Long> before) {
    this.before = before;
  }

  /** Waits for the claim (another start may hold it), then snapshots the JVM's children. */
  static ProcessClaim begin() throws InterruptedException {
    ONE_START_AT_A_TIME.acquire();
    try {
      return new ProcessClaim(
          ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet()));
    } catch (RuntimeException e) {
      ONE_START_AT_A_TIME.release();
      throw e;
    }
  }

  /**
   * Ends the claim (the first call) and returns the children that appeared since {@link #begin()};
   * later calls return the same list. Processes started after the first call are not claimed.
   */
  synchronized List<ProcessHandle> end() {
    if (claimed == null) {
      claimed = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).toList();
      ONE_START_AT_A_TIME.release();
    }
    return claimed;
  }
}
