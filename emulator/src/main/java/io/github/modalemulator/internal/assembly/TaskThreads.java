package io.github.modalemulator.internal.assembly;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads: where blocking user code runs (FastAPI endpoints, servlets), up to {@code
 * max} tasks at once, as the cloud's containers run side by side; but no more than {@code running}
 * threads on the CPU at once while none of them waits (the server gives the cores, at least four).
 *
 * <p>A pool that hands every task to a thread of its own (as XNIO's does while it has idle ones)
 * makes each short request a park and a wake-up of a thread whose caches are cold: on one core,
 * with 50 connections, that cost a third of the throughput. Here a task goes to a thread at once
 * only while fewer than {@code running} threads are on the CPU; else it waits in the queue, which
 * the busy threads take from as they finish, without a wake-up. A busy thread counts as off the CPU
 * while it waits (sleeps, a lock, a future) or once its task has run longer than {@link
 * #LONG_TASK_NANOS} (a blocking socket read looks runnable): then the next task gets a thread of
 * its own, so code that waits never holds up the others for long. A watcher looks every {@link
 * #TICK_NANOS} while tasks wait, for threads that began to wait after the tasks were queued.
 */
final class TaskThreads extends AbstractExecutorService {
  private static final Logger LOG = LoggerFactory.getLogger(TaskThreads.class);

  /** How long a task runs before its thread no longer counts as one on the CPU. */
  static final long LONG_TASK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  /** How often the watcher looks while tasks wait. */
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final String name;
  private final int max;
  private final int running;
  private final AtomicInteger numbers = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ended = lock.newCondition();
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>(); // guarded by lock
  // The last to go idle is woken first: its caches are the warmest.
  private final ArrayDeque<Runner> idle = new ArrayDeque<>(); // guarded by lock
  private final List<Runner> busy = new ArrayList<>(); // guarded by lock
  // Written under the lock; read without it where a moment's staleness does no harm.
  private volatile int threads; // started, not yet ended
  private volatile boolean shutdown;
  private final Thread watcher;
  private boolean watcherParked; // guarded by lock
  private boolean startFailed; // guarded by lock: warned once
  private final ThreadFactory factory;

  /**
   * @param name the threads' names: {@code name-1}, {@code name-2}...
   * @param max threads at most: tasks that run at once
   * @param running threads meant to be on the CPU at once (the cores)
   */
  TaskThreads(String name, int max, int running) {
    this(name, max, running, task -> new Thread(null, task, "", 0, false));
  }

  /** As above, its threads made by {@code factory} (named and set up here). */
  TaskThreads(String name, int max, int running, ThreadFactory factory) {
    if (max < 1 || running < 1) {
      throw new IllegalArgumentException(
          "TaskThreads needs max and running of at least 1, not " + max + " and " + running);
    }
    this.name = name;
    this.max = max;
    this.running = Math.min(running, max);
    this.factory = factory;
    this.watcher = new Thread(this::watch, name + "-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  @Override
  public void execute(Runnable task) {
    Runner woken = null;
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException(name + " threads are stopped");
      }
      if (queue.isEmpty() && onCpu() < running) {
        woken = give(task);
      }
      if (woken == null) {
        queue.add(task);
        if (watcherParked) {
          watcherParked = false;
          LockSupport.unpark(watcher);
        }
      }
    } finally {
      lock.unlock();
    }
    if (woken != null) {
      woken.wake();
    }
  }

  /**
   * A thread for the task: an idle one, or a new one within {@code max}; null when all are busy.
   * The caller wakes it once the lock is released.
   */
  private Runner give(Runnable task) {
    Runner runner = idle.pollFirst();
    if (runner == null) {
      if (threads >= max) {
        return null;
      }
      runner = new Runner(name + "-" + numbers.incrementAndGet());
      threads++;
    }
    runner.handed = task;
    runner.startedAt = System.nanoTime();
    busy.add(runner);
    return runner;
  }

  /**
   * Busy threads that count as on the CPU: woken for a task, or running one for less than {@link
   * #LONG_TASK_NANOS}.
   */
  private int onCpu() {
    long now = System.nanoTime();
    int count = 0;
    for (int i = 0; i < busy.size(); i++) {
      Runner runner = busy.get(i);
      // One woken but not yet scheduled still reads as parked, and one taking its next task may
      // wait for this lock: both are about to run.
      if (runner.handed != null
          || runner.taking
          || now - runner.startedAt < LONG_TASK_NANOS
              && runner.thread.getState() == Thread.State.RUNNABLE) {
        count++;
      }
    }
    return count;
  }

  /** Hands queued tasks to threads while fewer than {@code running} are on the CPU. */
  private void watch() {
    List<Runner> woken = new ArrayList<>();
    while (true) {
      woken.clear();
      boolean waiting;
      lock.lock();
      try {
        if (shutdown && threads == 0) {
          return;
        }
        while (!queue.isEmpty() && onCpu() < running) {
          Runner runner = give(queue.peekFirst());
          if (runner == null) {
            break;
          }
          queue.pollFirst();
          woken.add(runner);
        }
        waiting = !queue.isEmpty();
        watcherParked = !waiting;
      } finally {
        lock.unlock();
      }
      woken.forEach(Runner::wake);
      if (waiting) {
        LockSupport.parkNanos(this, TICK_NANOS);
      } else {
        LockSupport.park(this);
      }
    }
  }

  /** The next task for a thread that finished one; null: it goes idle (or ends, when stopped). */
  private Runnable next(Runner runner) {
    runner.taking = true;
    lock.lock();
    runner.taking = false;
    try {
      Runnable task = queue.pollFirst();
      if (task != null) {
        runner.startedAt = System.nanoTime();
        return task;
      }
      busy.remove(runner);
      if (shutdown) {
        threads--;
        runner.ended = true;
        if (threads == 0) {
          ended.signalAll();
          LockSupport.unpark(watcher);
        }
      } else {
        idle.addFirst(runner);
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The JVM could make no more threads (a process's limit, or memory): the task goes back to the
   * head of the queue, for a thread that ends its task or for the watcher's next try.
   */
  private void failedToStart(Runner runner, Throwable why) {
    boolean first;
    lock.lock();
    try {
      busy.remove(runner);
      threads--;
      Runnable task = runner.handed;
      runner.handed = null;
      if (task != null) {
        queue.addFirst(task);
      }
      first = !startFailed;
      startFailed = true;
      if (threads == 0 && shutdown) {
        ended.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (Thread.currentThread() != watcher) {
      LockSupport.unpark(watcher); // which tries again at its next tick, not in a loop of its own
    }
    if (first) {
      LOG.warn(
          "The emulator could not start a thread for user code ({}); its tasks wait for the threads"
              + " it has",
          why.toString());
    }
  }

  /** One thread: runs what it is handed, then what waits, then parks until handed more. */
  private final class Runner implements Runnable {
    final Thread thread;
    volatile Runnable handed;
    volatile long startedAt;
    volatile boolean taking;
    volatile boolean ended; // set under the lock
    private boolean started; // only the thread that hands it its first task

    Runner(String threadName) {
      // Nothing of the thread that happens to start it: no inheritable thread locals, and the
      // emulator's class loader rather than the one user code might have set on that thread.
      this.thread = factory.newThread(this);
      thread.setName(threadName);
      thread.setDaemon(false);
      thread.setContextClassLoader(TaskThreads.class.getClassLoader());
    }

    void wake() {
      if (started) {
        LockSupport.unpark(thread);
        return;
      }
      started = true;
      try {
        thread.start();
      } catch (OutOfMemoryError | RuntimeException noThread) {
        failedToStart(this, noThread);
      }
    }

    @Override
    public void run() {
      while (true) {
        Runnable task = handed;
        if (task == null) {
          if (ended) {
            return;
          }
          LockSupport.park(this);
          continue;
        }
        handed = null;
        for (; task != null; task = next(this)) {
          try {
            task.run();
          } catch (Throwable failure) {
            LOG.error("A task on the emulator's thread {} failed", thread.getName(), failure);
          }
          Thread.interrupted(); // an interrupt meant for that task is not the next one's
        }
      }
    }
  }

  @Override
  public void shutdown() {
    List<Runner> stopping = new ArrayList<>();
    lock.lock();
    try {
      if (shutdown) {
        return;
      }
      shutdown = true;
      for (Runner runner : idle) {
        runner.ended = true;
        threads--;
        stopping.add(runner);
      }
      idle.clear();
      if (threads == 0) {
        ended.signalAll();
      }
    } finally {
      lock.unlock();
    }
    stopping.forEach(runner -> LockSupport.unpark(runner.thread));
    LockSupport.unpark(watcher);
  }

  /** Stops taking tasks, drops the waiting ones, and interrupts the running ones. */
  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    List<Runnable> dropped;
    lock.lock();
    try {
      dropped = new ArrayList<>(queue);
      queue.clear();
      busy.forEach(runner -> runner.thread.interrupt());
    } finally {
      lock.unlock();
    }
    return dropped;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && threads == 0;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long left = unit.toNanos(timeout);
    lock.lock();
    try {
      while (!(shutdown && threads == 0)) {
        if (left <= 0) {
          return false;
        }
        left = ended.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Threads started and not yet ended, busy or idle. */
  int threads() {
    return threads;
  }
}
