package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.emulator.ContainerStats;
import io.github.modalemulator.internal.definition.ClsSpec;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.Scaling;
import io.github.modalemulator.internal.runtime.fastapi.FastapiOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The containers of one static function, or of one {@code @Cls} class (its web methods share them),
 * scaled as the cloud scales them: an input takes a free slot (a container holds {@code maxInputs},
 * and is filled to {@code targetInputs} while more containers may start); otherwise it waits in a
 * FIFO queue, at most {@code pendingLimit} long, while containers start, up to {@code
 * maxContainers}. {@code minContainers} and {@code bufferContainers} idle containers are kept warm;
 * other idle ones stop after the scaledown window.
 *
 * <p>Nothing here blocks a thread: a waiting input is a callback, run when a slot is handed to it.
 * Callbacks and container starts and stops run outside the lock.
 */
public final class ContainerPool {
  /** Why an input gets no container. */
  public enum Refusal {
    QUEUE_FULL,
    START_FAILED,
    STOPPED
  }

  /** What a waiting input is told: a slot, or why there is none. */
  public interface Callback {
    void leased(Lease lease);

    void refused(Refusal refusal);
  }

  /** A slot in a container, held until {@link #release(Lease)}. */
  public record Lease(PoolContainer container, boolean coldStart) {
    public String containerId() {
      return container.id;
    }
  }

  private record Waiter(Callback callback, long arrivedAt) {}

  private static final AtomicLong IDS = new AtomicLong();

  private final String name;
  private final ClsSpec cls;
  private final List<FunctionDefinition> functions;
  private final Scaling scaling;
  private final long windowNanos;
  private final int pendingLimit;
  private final FunctionLog log;
  private final FastapiOptions fastapi;
  private final Executor starter;
  private final ClassLoader appLoader;

  private final ReentrantLock lock = new ReentrantLock();
  private final List<PoolContainer> live = new ArrayList<>(); // guarded by lock
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>(); // guarded by lock
  private int starting; // guarded by lock
  private long warmRetryAt = System.nanoTime(); // guarded by lock
  private long warmBackoffMillis; // guarded by lock
  private boolean stopped; // guarded by lock
  private long containersStarted; // guarded by lock
  private long coldStartInputs; // guarded by lock

  /**
   * @param windowOverride replaces every function's scaledown window when not null (tests)
   * @param starter runs container starts (user code that may take long)
   */
  public ContainerPool(
      String name,
      ClsSpec cls,
      List<FunctionDefinition> functions,
      Duration windowOverride,
      int pendingLimit,
      FunctionLog log,
      FastapiOptions fastapi,
      Executor starter) {
    this.name = name;
    this.cls = cls;
    this.functions = List.copyOf(functions);
    this.scaling = functions.get(0).scaling();
    this.windowNanos =
        windowOverride != null
            ? windowOverride.toNanos()
            : TimeUnit.SECONDS.toNanos(scaling.scaledownWindow());
    this.pendingLimit = pendingLimit;
    this.log = log;
    this.fastapi = fastapi;
    this.starter = starter;
    this.appLoader = functions.get(0).method().getDeclaringClass().getClassLoader();
  }

  public String name() {
    return name;
  }

  public Scaling scaling() {
    return scaling;
  }

  public FunctionLog log() {
    return log;
  }

  /**
   * A slot now, in the calling thread, if one is free and no one waits before this input; else
   * null. Lets a ready non-blocking container serve on the I/O thread.
   */
  public Lease tryLeaseNow() {
    List<Runnable> after = new ArrayList<>();
    Lease lease = null;
    lock.lock();
    try {
      if (stopped || !queue.isEmpty()) {
        return null;
      }
      PoolContainer free = freeSlot(scaling.targetInputs());
      if (free == null) {
        return null;
      }
      free.inFlight++;
      lease = new Lease(free, false);
      if (scaling.bufferContainers() > 0 && free.inFlight == 1) {
        rebalance(after); // one more busy container: the buffer grows now, not at the next tick
      }
    } finally {
      lock.unlock();
    }
    runAll(after);
    return lease;
  }

  /** Gives the input a slot (maybe at once, in this thread), or queues it, or refuses it. */
  public void lease(Callback callback) {
    List<Runnable> after = new ArrayList<>();
    Refusal refusal = null;
    lock.lock();
    try {
      if (stopped) {
        refusal = Refusal.STOPPED;
      } else if (queue.size() >= pendingLimit) {
        refusal = Refusal.QUEUE_FULL;
      } else {
        queue.add(new Waiter(callback, System.nanoTime()));
        rebalance(after);
      }
    } finally {
      lock.unlock();
    }
    if (refusal != null) {
      if (refusal == Refusal.QUEUE_FULL) {
        log.warn(
            "an input to "
                + name
                + " was refused: "
                + pendingLimit
                + " inputs already wait for a container");
      }
      callback.refused(refusal);
    }
    runAll(after);
  }

  /** The input is done with its slot: the next waiting input gets it. */
  public void release(Lease lease) {
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      PoolContainer container = lease.container;
      container.inFlight--;
      if (container.inFlight == 0) {
        container.idleSince = System.nanoTime();
      }
      rebalance(after);
    } finally {
      lock.unlock();
    }
    runAll(after);
  }

  /** The container of this lease can serve no more: it takes no new inputs and is replaced. */
  public void retire(Lease lease, String why) {
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      if (!lease.container.retired) {
        lease.container.retired = true;
        log.warn("container " + lease.container.id + " of " + name + " is retired: " + why);
      }
      rebalance(after);
    } finally {
      lock.unlock();
    }
    runAll(after);
  }

  /** Starts the containers that {@code minContainers} and {@code bufferContainers} ask for. */
  public void warm() {
    tick();
  }

  /** The autoscaler's periodic work: stop containers idle past the window, keep the pool warm. */
  public void tick() {
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      if (!stopped) {
        long now = System.nanoTime();
        List<PoolContainer> idle = new ArrayList<>();
        scaleDown(idle, c -> now - c.idleSince >= windowNanos);
        idle.forEach(c -> after.add(() -> stopLater(c, "idle for the scaledown window")));
        rebalance(after);
      }
    } finally {
      lock.unlock();
    }
    runAll(after);
  }

  /**
   * Stops every idle container the autoscaler doesn't need to keep, whatever its idle time, in the
   * calling thread: their exit hooks have run when this returns.
   */
  public void stopIdleContainers() {
    List<PoolContainer> idle = new ArrayList<>();
    lock.lock();
    try {
      if (!stopped) {
        scaleDown(idle, c -> true);
      }
    } finally {
      lock.unlock();
    }
    idle.forEach(c -> stopContainer(c, "idle, stopped on request"));
  }

  public ContainerStats stats() {
    lock.lock();
    try {
      int inFlight = 0;
      for (PoolContainer container : live) {
        inFlight += container.inFlight;
      }
      return new ContainerStats(
          live.size(), starting, inFlight, queue.size(), containersStarted, coldStartInputs);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses waiting inputs and stops every container. The emulator calls it after its requests in
   * flight finished or its stop timeout passed; inputs still running then are cut short.
   */
  public void stop() {
    List<Waiter> waiting;
    List<PoolContainer> running;
    lock.lock();
    try {
      stopped = true;
      waiting = new ArrayList<>(queue);
      queue.clear();
      running = new ArrayList<>(live);
      live.clear();
    } finally {
      lock.unlock();
    }
    waiting.forEach(w -> w.callback.refused(Refusal.STOPPED));
    for (PoolContainer container : running) {
      stopContainer(container, "emulator stopping");
    }
  }

  // ---- under the lock ----

  private interface Select {
    boolean test(PoolContainer container);
  }

  /** Takes out idle containers matching {@code select}, keeping those the pool must keep warm. */
  private void scaleDown(List<PoolContainer> removed, Select select) {
    int keep = desired();
    int healthy = healthy();
    for (Iterator<PoolContainer> it = live.iterator(); it.hasNext() && healthy > keep; ) {
      PoolContainer container = it.next();
      if (!container.retired && container.inFlight == 0 && select.test(container)) {
        it.remove();
        healthy--;
        removed.add(container);
      }
    }
  }

  /** Hands free slots to waiting inputs, replaces dead containers, starts what demand needs. */
  private void rebalance(List<Runnable> after) {
    for (Iterator<PoolContainer> it = live.iterator(); it.hasNext(); ) {
      PoolContainer container = it.next();
      if (!container.retired && container.failed()) {
        container.retired = true;
        log.warn("container " + container.id + " of " + name + " can serve no more");
      }
      if (container.retired && container.inFlight == 0) {
        it.remove();
        after.add(() -> stopLater(container, "retired"));
      }
    }
    while (!queue.isEmpty()) {
      PoolContainer free = freeSlot(scaling.targetInputs());
      if (free == null && starting == 0 && !canStart()) {
        free = freeSlot(scaling.maxInputs()); // no more containers may come: fill up to max
      }
      if (free == null) {
        break;
      }
      Waiter waiter = queue.poll();
      boolean cold = free.readyAt > waiter.arrivedAt;
      if (cold) {
        coldStartInputs++;
      }
      free.inFlight++;
      Lease lease = new Lease(free, cold);
      after.add(() -> waiter.callback.leased(lease));
    }
    if (stopped) {
      return;
    }
    long coming = (long) starting * scaling.targetInputs();
    while (queue.size() > coming && canStart()) {
      coming += scaling.targetInputs();
      startContainer(after);
    }
    // Warm containers (min, buffer) back off after failed starts; inputs never wait for that.
    if (System.nanoTime() - warmRetryAt >= 0) {
      while (healthy() + starting < desired() && canStart()) {
        startContainer(after);
      }
    }
  }

  /** Containers to keep: {@code minContainers}, or the busy ones plus the buffer, within max. */
  private int desired() {
    int busy = 0;
    for (PoolContainer container : live) {
      if (!container.retired && container.inFlight > 0) {
        busy++;
      }
    }
    int desired = Math.max(scaling.minContainers(), busy + scaling.bufferContainers());
    return scaling.maxContainers() > 0 ? Math.min(desired, scaling.maxContainers()) : desired;
  }

  private int healthy() {
    int healthy = 0;
    for (PoolContainer container : live) {
      if (!container.retired) {
        healthy++;
      }
    }
    return healthy;
  }

  private boolean canStart() {
    return scaling.maxContainers() == 0 || healthy() + starting < scaling.maxContainers();
  }

  /** The oldest healthy container with fewer than {@code limit} inputs, or null. */
  private PoolContainer freeSlot(int limit) {
    for (PoolContainer container : live) {
      if (!container.retired && container.inFlight < limit && !container.failed()) {
        return container;
      }
    }
    return null;
  }

  private void startContainer(List<Runnable> after) {
    starting++;
    String id = "ct-" + IDS.incrementAndGet();
    after.add(
        () -> {
          try {
            starter.execute(() -> runStart(id));
          } catch (RejectedExecutionException stopping) {
            lock.lock();
            try {
              starting--;
            } finally {
              lock.unlock();
            }
          }
        });
  }

  // ---- outside the lock ----

  private void runStart(String id) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(appLoader);
    long began = System.nanoTime();
    PoolContainer started = null;
    Throwable failure = null;
    try {
      started = PoolContainer.start(id, cls, functions, fastapi, log);
    } catch (Exception | Error e) {
      failure = e;
    } finally {
      thread.setContextClassLoader(previous);
    }
    List<Waiter> refused = new ArrayList<>();
    List<Runnable> after = new ArrayList<>();
    boolean lateStop = false;
    lock.lock();
    try {
      starting--;
      if (failure != null) {
        warmBackoffMillis = Math.min(Math.max(1000, warmBackoffMillis * 2), 30_000);
        warmRetryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmBackoffMillis);
        if (healthy() == 0 && starting == 0) {
          refused.addAll(queue); // nothing else will serve them
          queue.clear();
        } else {
          rebalance(after);
        }
      } else if (stopped) {
        lateStop = true;
      } else {
        live.add(started);
        containersStarted++;
        warmBackoffMillis = 0;
        rebalance(after);
      }
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      log.error(
          "container "
              + id
              + " of "
              + name
              + " failed to start: "
              + describeStartFailure()
              + " threw "
              + failure,
          failure);
      refused.forEach(w -> w.callback.refused(Refusal.START_FAILED));
      runAll(after);
      return;
    }
    log.info(
        "container "
            + id
            + " of "
            + name
            + " started in "
            + (System.nanoTime() - began) / 1_000_000
            + " ms (cold start)");
    if (lateStop) {
      stopContainer(started, "emulator stopping");
    }
    runAll(after);
  }

  private String describeStartFailure() {
    if (cls != null) {
      return "@Cls class " + cls.name() + " (its constructor, an @Enter method or a web method)";
    }
    FunctionDefinition function = functions.get(0);
    return function.web().kind().javaName() + " method " + function.where();
  }

  /** Exit hooks may block: never on an I/O thread or in the autoscaler's round. */
  private void stopLater(PoolContainer container, String why) {
    try {
      starter.execute(() -> stopContainer(container, why));
    } catch (RejectedExecutionException stopping) {
      stopContainer(container, why);
    }
  }

  /** Runs every task, even when one throws (a callback on an emulator that is stopping). */
  private void runAll(List<Runnable> tasks) {
    for (Runnable task : tasks) {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("a container pool task of " + name + " failed", e);
      }
    }
  }

  private void stopContainer(PoolContainer container, String why) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(appLoader);
    try {
      container.stop();
    } finally {
      thread.setContextClassLoader(previous);
    }
    log.info("container " + container.id + " of " + name + " stopped (" + why + ")");
  }
}
