package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.emulator.ContainerStats;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.internal.calls.Backends;
import io.github.modalemulator.internal.calls.CallBackend;
import io.github.modalemulator.internal.definition.PoolSpec;
import io.github.modalemulator.internal.definition.Relocation;
import io.github.modalemulator.internal.definition.Scaling;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.isolation.AppClassPath;
import io.github.modalemulator.internal.isolation.ContainerLoader;
import io.github.modalemulator.internal.isolation.ContainerScope;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The containers of one static function, or of one {@code @Cls} class (its web methods share them),
 * scaled as the cloud scales them: an input takes a free slot (a container holds {@code maxInputs},
 * and is filled to {@code targetInputs} while more containers may start); otherwise it waits in a
 * FIFO queue, at most {@code pendingInputLimit} long, while containers start, up to {@code
 * maxContainers}. {@code minContainers} and {@code bufferContainers} idle containers are kept warm;
 * other idle ones stop after the scaledown window.
 *
 * <p>Under {@link Isolation#CONTAINER} each container reads the app's class path anew in a {@link
 * ContainerLoader} of its own, and runs the pool's definitions found again there ({@link
 * Relocation}): its static state is its own, as a container of the cloud is a process of its own.
 *
 * <p>Nothing here blocks a thread: a waiting input is told when a slot is handed to it. Those calls
 * and container starts and stops run outside the lock; starts and stops on the starter executor.
 */
public final class ContainerPool {
  /** Why an input gets no container. */
  public enum Refusal {
    QUEUE_FULL,
    START_FAILED,
    STOPPED
  }

  /**
   * One container as a dashboard shows it.
   *
   * @param state {@code starting}, {@code idle}, {@code busy} or {@code retired} (takes no new
   *     inputs, stops when its last one ends)
   * @param inputs inputs it serves now
   * @param coldStartInputs inputs that waited for it to start
   */
  public record ContainerView(String id, String state, int inputs, long coldStartInputs) {}

  /**
   * A container started, failed to start, or stopped.
   *
   * @param kind {@code started}, {@code start-failed} or {@code stopped}
   * @param reason why it stopped: {@link #SCALEDOWN}, {@link #RETIRED}, {@link #STOP}, or a reason
   *     a later part adds (a reload); null for the other kinds
   * @param detail the log's words for it
   */
  public record ContainerEvent(
      long epochMillis, String containerId, String kind, String reason, String detail) {}

  /** Stopped after idling through its scaledown window, or on request while idle. */
  public static final String SCALEDOWN = "scaledown";

  /** Stopped after it could serve no more: an input ran past the timeout, or its server died. */
  public static final String RETIRED = "retired";

  /** Stopped with the emulator. */
  public static final String STOP = "stop";

  /** A reload put a new generation of the apps in its place. */
  public static final String RELOAD = "reload";

  static final int EVENT_CAPACITY = 200;

  private static final AtomicLong IDS = new AtomicLong();

  private final PoolSpec spec;
  private final Scaling scaling;
  private final long windowNanos;
  private final int pendingLimit;
  private final FunctionLog log;
  private final ContainerKinds kinds;
  private final Executor starter;
  private final Ticker ticker;
  private final ClassLoader appLoader;
  private final AppClassPath classPath; // null: containers share the definitions' classes
  private volatile CallBackend backend; // what calls from its containers' code go to

  private final ReentrantLock lock = new ReentrantLock();
  private final List<Container> live = new ArrayList<>(); // guarded by lock
  private final ArrayDeque<PoolInput> queue = new ArrayDeque<>(); // guarded by lock
  private int starting; // guarded by lock
  private long warmRetryAt; // guarded by lock
  private long warmBackoffMillis; // guarded by lock
  private boolean stopped; // guarded by lock
  private long containersStarted; // guarded by lock
  private long coldStartInputs; // guarded by lock
  private final List<PoolInput> swept = new ArrayList<>(); // the autoscaler's thread only
  private final CompletableFuture<String> firstStart = new CompletableFuture<>();
  private final boolean inProcesses; // Isolation.PROCESS: each container a child JVM
  private final List<Integer> webServerPorts; // kept from server replicas while the pool lives
  private final Map<String, String> environment; // its secrets' keys and env
  private final Map<String, Path> mounts; // each mount path and its local folder
  private final List<String> startingIds = new ArrayList<>(); // guarded by lock
  private final ArrayDeque<ContainerEvent> events = new ArrayDeque<>(); // guarded by lock

  /**
   * @param starter runs container starts and stops (user code that may take long)
   */
  public ContainerPool(
      PoolSpec spec, RuntimeSettings settings, ContainerKinds kinds, Executor starter) {
    this.spec = spec;
    this.scaling = spec.scaling();
    this.windowNanos =
        settings.scaledownWindow() != null
            ? settings.scaledownWindow().toNanos()
            : TimeUnit.SECONDS.toNanos(scaling.scaledownWindow());
    this.pendingLimit = settings.pendingInputLimit();
    this.log = new FunctionLog(spec.name());
    this.kinds = kinds;
    this.starter = starter;
    this.ticker = settings.ticker();
    this.appLoader = spec.appLoader();
    this.inProcesses = settings.isolation() == Isolation.PROCESS && ProcessContainer.serves(spec);
    this.classPath = settings.isolation() != Isolation.GENERATION ? classPathOf(spec, log) : null;
    if (inProcesses && classPath == null) {
      throw new IllegalStateException(
          "Isolation.PROCESS runs each container of "
              + spec.name()
              + " as a JVM of its own, which needs the app's class path, and its class loader has"
              + " none the emulator can read; load the app from a class path (--cp, a test's or an"
              + " IDE's)");
    }
    if (settings.isolation() == Isolation.PROCESS && !inProcesses) {
      log.info(
          spec.name()
              + " is a function that code calls: its containers run in the emulator's JVM, each"
              + " with its own class loader, under Isolation.PROCESS too");
    }
    this.environment = settings.local().environment(spec.name(), spec.resources(), System::getenv);
    this.mounts = settings.local().volumes(spec.resources());
    if (settings.isolation() == Isolation.GENERATION && !environment.isEmpty()) {
      log.warn(
          spec.name()
              + " has secrets or env: its code reads them with ExecutionContext.getenv under"
              + " Isolation.CONTAINER (the default) or PROCESS, not under GENERATION, where its"
              + " containers share the classes of every function");
    }
    this.warmRetryAt = ticker.nanoTime();
    this.webServerPorts =
        spec.functions().stream()
            .filter(f -> f.web() != null && f.web().kind() == WebKind.WEB_SERVER)
            .map(f -> f.web().port())
            .toList();
    ReplicaPorts.keep(webServerPorts);
    List<String> gpu = spec.resources().gpu();
    if (!gpu.isEmpty()) {
      log.info(
          spec.name()
              + " asks for a GPU ("
              + String.join(", then ", gpu)
              + "): local containers have none, so its code runs on this machine's CPU here");
    }
  }

  /** The app's class path, to be read anew by each container; null when it can't be. */
  private static AppClassPath classPathOf(PoolSpec spec, FunctionLog log) {
    Class<?> type = spec.functions().get(0).method().getDeclaringClass();
    AppClassPath classPath = AppClassPath.of(type);
    if (classPath == null && !AppClassPath.ofTheEmulator(type)) {
      log.warn(
          "the containers of "
              + spec.name()
              + " share the classes of "
              + type.getName()
              + " (static state included): its class loader "
              + type.getClassLoader()
              + " is none the emulator can read anew; load the app from a class path (--cp, a"
              + " test's or an IDE's class path) to give each container its own");
    }
    return classPath;
  }

  public String name() {
    return spec.name();
  }

  /** Whether its containers are child JVMs ({@code Isolation.PROCESS}), served through a proxy. */
  boolean inProcesses() {
    return inProcesses;
  }

  /** Calls that its containers' code makes by name go to {@code calls}. */
  public void callsGoTo(CallBackend calls) {
    this.backend = calls;
  }

  CallBackend backend() {
    return backend;
  }

  public PoolSpec spec() {
    return spec;
  }

  public FunctionLog log() {
    return log;
  }

  /**
   * A slot now, in the calling thread, if one is free and no one waits before this input; else
   * null. Lets a ready container serve without a hop through the queue.
   */
  Container tryLeaseNow(PoolInput input) {
    Tasks after = new Tasks();
    Container free;
    lock.lock();
    try {
      if (stopped || !queue.isEmpty()) {
        return null;
      }
      free = freeSlot(scaling.targetInputs());
      if (free == null) {
        return null;
      }
      free.inputs.add(input);
      if (scaling.bufferContainers() > 0 && free.inFlight() == 1) {
        rebalance(after); // one more busy container: the buffer grows now, not at the next tick
      }
    } finally {
      lock.unlock();
    }
    after.run(this);
    return free;
  }

  /**
   * A server's replica for a request, now (SERVER, HTTP_SERVER): a request naming a session goes to
   * the ready replica that ranks first for it by rendezvous hashing, so a session stays on its
   * replica while the set of replicas stays the same; any other goes to the least busy. Null when
   * no replica is ready (the edge answers 503). Either way the request counts as demand: replicas
   * start until there are {@code inputs / targetConcurrency} of them (one, for no target), within
   * the server's counts.
   *
   * @param session the request's {@code Modal-Session-Id}, or null
   * @param targetConcurrency requests per replica the autoscaler aims for; 0 or below: none
   */
  Container leaseReplica(PoolInput input, String session, double targetConcurrency) {
    Tasks after = new Tasks();
    Container chosen = null;
    lock.lock();
    try {
      if (stopped) {
        return null;
      }
      long best = 0;
      int inFlight = 1; // this request
      for (Container container : live) {
        if (container.retired || container.failed()) {
          continue;
        }
        inFlight += container.inFlight();
        if (session != null) {
          long rank = rendezvous(session, container.id);
          if (chosen == null || rank > best) {
            chosen = container;
            best = rank;
          }
        } else if (chosen == null || container.inFlight() < chosen.inFlight()) {
          chosen = container;
        }
      }
      if (chosen != null) {
        chosen.inputs.add(input);
      }
      long wanted = targetConcurrency > 0 ? (long) Math.ceil(inFlight / targetConcurrency) : 1;
      wanted = Math.max(wanted, scaling.minContainers());
      if (scaling.maxContainers() > 0) {
        wanted = Math.min(wanted, scaling.maxContainers());
      }
      while (healthy() + starting < wanted && canStart()) {
        startContainer(after);
      }
    } finally {
      lock.unlock();
    }
    after.run(this);
    return chosen;
  }

  /** A session's rank for a replica: the highest wins (highest random weight). */
  private static long rendezvous(String session, String replica) {
    long h = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < session.length(); i++) {
      h = (h ^ session.charAt(i)) * 0x100000001B3L;
    }
    h = (h ^ 0xFF) * 0x100000001B3L;
    for (int i = 0; i < replica.length(); i++) {
      h = (h ^ replica.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 33; // a final mix, so that similar names spread
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return h;
  }

  /** Gives the input a slot (maybe at once, in this thread), or queues it, or refuses it. */
  void lease(PoolInput input) {
    Tasks after = new Tasks();
    Refusal refusal = null;
    lock.lock();
    try {
      if (stopped) {
        refusal = Refusal.STOPPED;
      } else if (queue.size() >= pendingLimit) {
        refusal = Refusal.QUEUE_FULL;
      } else {
        queue.add(input);
        rebalance(after);
      }
    } finally {
      lock.unlock();
    }
    if (refusal == Refusal.QUEUE_FULL) {
      log.warn(
          "an input to "
              + spec.name()
              + " was refused: "
              + pendingLimit
              + " inputs already wait for a container");
    }
    if (refusal != null) {
      input.refused(refusal);
    }
    after.run(this);
  }

  /** Takes a waiting input out of the queue (a cancelled call); false when it waits no more. */
  boolean withdraw(PoolInput input) {
    lock.lock();
    try {
      return queue.remove(input);
    } finally {
      lock.unlock();
    }
  }

  /** The input is done with its slot: the next waiting input gets it. */
  void release(PoolInput input, Container container) {
    Tasks after = new Tasks();
    lock.lock();
    try {
      container.inputs.remove(input);
      if (container.inputs.isEmpty()) {
        container.idleSince = ticker.nanoTime();
      }
      if (!queue.isEmpty()
          || container.retired
          || scaling.bufferContainers() > 0
          || container.failed()) {
        rebalance(after);
      }
    } finally {
      lock.unlock();
    }
    after.run(this);
  }

  /** The container can serve no more: it takes no new inputs and is replaced. */
  void retire(Container container, String why) {
    Tasks after = new Tasks();
    lock.lock();
    try {
      if (!container.retired) {
        container.retired = true;
        container.retiredWhy = why;
        log.warn("container " + container.id + " of " + spec.name() + " is retired: " + why);
      }
      rebalance(after);
    } finally {
      lock.unlock();
    }
    after.run(this);
  }

  /** The autoscaler's round: stop containers idle past the window, keep the pool warm. */
  public void tick() {
    Tasks after = new Tasks();
    lock.lock();
    try {
      if (!stopped) {
        long now = ticker.nanoTime();
        List<Container> idle = new ArrayList<>();
        scaleDown(idle, c -> now - c.idleSince >= windowNanos);
        idle.forEach(
            c -> after.add(() -> stopLater(c, SCALEDOWN, "idle for the scaledown window")));
        rebalance(after);
      }
    } finally {
      lock.unlock();
    }
    after.run(this);
  }

  /**
   * The autoscaler's check of deadlines: every input holding a slot is asked to act on what has
   * passed by {@code now}. Called from one thread at a time.
   */
  public void checkDeadlines(long now) {
    lock.lock();
    try {
      for (Container container : live) {
        swept.addAll(container.inputs);
      }
    } finally {
      lock.unlock();
    }
    try {
      for (PoolInput input : swept) {
        input.checkDeadlines(now);
      }
    } finally {
      swept.clear();
    }
  }

  /**
   * Stops every idle container the autoscaler doesn't need to keep, whatever its idle time, in the
   * calling thread: their exit hooks have run when this returns.
   */
  public void stopIdleContainers() {
    awaitAnsweredInputs();
    List<Container> idle = new ArrayList<>();
    lock.lock();
    try {
      if (!stopped) {
        scaleDown(idle, c -> true);
      }
    } finally {
      lock.unlock();
    }
    idle.forEach(c -> stopContainer(c, SCALEDOWN, "idle, stopped on request"));
  }

  /** How long a new input may wait for a container whose answer is on its way. */
  static final long FINISHING_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * Waits, up to a second, for containers whose inputs all have their answers on the way: a caller
   * that has just had its response and stops the idle containers means the one that answered it.
   */
  private void awaitAnsweredInputs() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < deadline) {
      lock.lock();
      try {
        if (live.stream()
            .noneMatch(
                c -> !c.inputs.isEmpty() && c.inputs.stream().allMatch(PoolInput::answered))) {
          return;
        }
      } finally {
        lock.unlock();
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The first container start's outcome: its id, or the failure of the first start that failed
   * before any succeeded. Container mode waits for it before it opens a port.
   */
  public CompletableFuture<String> firstStart() {
    return firstStart;
  }

  public ContainerStats stats() {
    lock.lock();
    try {
      int inFlight = 0;
      for (Container container : live) {
        inFlight += container.inFlight();
      }
      return new ContainerStats(
          live.size(), starting, inFlight, queue.size(), containersStarted, coldStartInputs);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses waiting inputs and stops every container, in the calling thread. The emulator calls it
   * after its requests in flight finished or its stop timeout passed; inputs still running then are
   * cut short.
   */
  public void stop() {
    stop(STOP, "emulator stopping");
  }

  /** As {@link #stop()}, saying why: {@link #STOP}, or {@link #RELOAD} for a retired generation. */
  public void stop(String reason, String why) {
    List<PoolInput> waiting;
    List<Container> running;
    boolean first;
    lock.lock();
    try {
      first = !stopped;
      stopped = true;
      waiting = new ArrayList<>(queue);
      queue.clear();
      running = new ArrayList<>(live);
      live.clear();
    } finally {
      lock.unlock();
    }
    waiting.forEach(w -> w.refused(Refusal.STOPPED));
    for (Container container : running) {
      stopContainer(container, reason, why);
    }
    if (first) {
      ReplicaPorts.unkeep(webServerPorts);
    }
  }

  /** Its containers now: those starting first, then the live ones, oldest first. */
  public List<ContainerView> containers() {
    lock.lock();
    try {
      List<ContainerView> views = new ArrayList<>(startingIds.size() + live.size());
      startingIds.forEach(id -> views.add(new ContainerView(id, "starting", 0, 0)));
      for (Container c : live) {
        String state = c.retired ? "retired" : c.inFlight() > 0 ? "busy" : "idle";
        views.add(new ContainerView(c.id, state, c.inFlight(), c.coldStartInputs));
      }
      return views;
    } finally {
      lock.unlock();
    }
  }

  /** The newest container events, oldest first, at most {@value #EVENT_CAPACITY}. */
  public List<ContainerEvent> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  private void event(String id, String kind, String reason, String detail) {
    lock.lock();
    try {
      if (events.size() == EVENT_CAPACITY) {
        events.removeFirst();
      }
      events.addLast(new ContainerEvent(System.currentTimeMillis(), id, kind, reason, detail));
    } finally {
      lock.unlock();
    }
  }

  // ---- under the lock ----

  /** Takes out idle containers matching {@code select}, keeping those the pool must keep warm. */
  private void scaleDown(List<Container> removed, Predicate<Container> select) {
    int keep = desired();
    int healthy = healthy();
    for (Iterator<Container> it = live.iterator(); it.hasNext() && healthy > keep; ) {
      Container container = it.next();
      if (!container.retired && container.inFlight() == 0 && select.test(container)) {
        it.remove();
        healthy--;
        removed.add(container);
      }
    }
  }

  /** Hands free slots to waiting inputs, replaces dead containers, starts what demand needs. */
  private void rebalance(Tasks after) {
    for (Iterator<Container> it = live.iterator(); it.hasNext(); ) {
      Container container = it.next();
      if (!container.retired && container.failed()) {
        container.retired = true;
        container.retiredWhy = "it can serve no more";
        log.warn("container " + container.id + " of " + spec.name() + " can serve no more");
      }
      if (container.retired && container.inFlight() == 0) {
        it.remove();
        String why = container.retiredWhy;
        after.add(() -> stopLater(container, RETIRED, why == null ? "retired" : "retired: " + why));
      }
    }
    while (!queue.isEmpty()) {
      Container free = freeSlot(scaling.targetInputs());
      if (free == null && starting == 0 && !canStart()) {
        free = freeSlot(scaling.maxInputs()); // no more containers may come: fill up to max
      }
      if (free == null) {
        break;
      }
      PoolInput waiter = queue.poll();
      boolean cold = free.readyAt - waiter.arrivedAt() > 0;
      if (cold) {
        coldStartInputs++;
        free.coldStartInputs++;
      }
      free.inputs.add(waiter);
      Container leased = free;
      after.add(() -> waiter.leased(leased, cold));
    }
    if (stopped) {
      return;
    }
    long coming = (long) starting * scaling.targetInputs() + finishingSlots();
    while (queue.size() > coming && canStart()) {
      coming += scaling.targetInputs();
      startContainer(after);
    }
    // Warm containers (min, buffer) back off after failed starts; inputs never wait for that.
    if (ticker.nanoTime() - warmRetryAt >= 0) {
      while (healthy() + starting < desired() && canStart()) {
        startContainer(after);
      }
    }
  }

  /** Containers to keep: {@code minContainers}, or the busy ones plus the buffer, within max. */
  private int desired() {
    int busy = 0;
    for (Container container : live) {
      if (!container.retired && container.inFlight() > 0) {
        busy++;
      }
    }
    int desired = Math.max(scaling.minContainers(), busy + scaling.bufferContainers());
    return scaling.maxContainers() > 0 ? Math.min(desired, scaling.maxContainers()) : desired;
  }

  private int healthy() {
    int healthy = 0;
    for (Container container : live) {
      if (!container.retired) {
        healthy++;
      }
    }
    return healthy;
  }

  /**
   * Slots about to be free: containers whose inputs all have their answers on the way, for inputs
   * that arrived within {@link #FINISHING_GRACE_NANOS}. A client that sends its next request as
   * soon as it has an answer may beat the code's return by a moment; it waits for that container
   * rather than start another, as the cloud's inputs don't start containers in microseconds. Past
   * the grace (the autoscaler's next round, or a streaming answer), containers start as before.
   */
  private long finishingSlots() {
    PoolInput oldest = queue.peek();
    if (oldest == null || ticker.nanoTime() - oldest.arrivedAt() > FINISHING_GRACE_NANOS) {
      return 0;
    }
    long slots = 0;
    for (Container container : live) {
      if (!container.retired
          && !container.inputs.isEmpty()
          && container.inputs.stream().allMatch(PoolInput::answered)) {
        slots += container.inputs.size();
      }
    }
    return slots;
  }

  private boolean canStart() {
    return scaling.maxContainers() == 0 || healthy() + starting < scaling.maxContainers();
  }

  /** The oldest healthy container with fewer than {@code limit} inputs, or null. */
  private Container freeSlot(int limit) {
    for (Container container : live) {
      if (!container.retired && container.inFlight() < limit && !container.failed()) {
        return container;
      }
    }
    return null;
  }

  private void startContainer(Tasks after) {
    starting++;
    String id = "ct-" + IDS.incrementAndGet();
    startingIds.add(id);
    after.add(
        () -> {
          try {
            starter.execute(() -> runStart(id));
          } catch (RejectedExecutionException stopping) {
            lock.lock();
            try {
              starting--;
              startingIds.remove(id);
            } finally {
              lock.unlock();
            }
          }
        });
  }

  // ---- outside the lock ----

  private void runStart(String id) {
    long began = ticker.nanoTime();
    Container started = null;
    Throwable failure = null;
    if (inProcesses) {
      try {
        started =
            ProcessContainer.start(
                id, spec, classPath, environment, mounts, log, ticker.nanoTime());
      } catch (Exception | Error e) {
        failure = e;
      }
    } else {
      ContainerLoader own = classPath == null ? null : classPath.newLoader("container " + id);
      CallBackend calls = backend;
      if (own != null && calls != null) {
        Backends.bind(own, calls); // threads its code starts call through the same emulator
      }
      if (own != null && (!environment.isEmpty() || !mounts.isEmpty())) {
        ContainerScope.bind(own, new ContainerScope.Values(environment, mounts));
      }
      ClassLoader previous = UserCode.enter(own == null ? appLoader : own);
      FunctionLog printing = ConsoleCapture.attribute(log);
      try {
        PoolSpec running = own == null ? spec : Relocation.of(spec, own);
        started = Container.start(id, running, kinds, log, ticker, own);
      } catch (Exception | Error e) {
        failure = e;
      } finally {
        ConsoleCapture.attribute(printing);
        UserCode.leave(previous);
      }
    }
    List<PoolInput> refused = new ArrayList<>();
    Tasks after = new Tasks();
    boolean lateStop = false;
    lock.lock();
    try {
      starting--;
      startingIds.remove(id);
      if (failure != null) {
        warmBackoffMillis = Math.min(Math.max(1000, warmBackoffMillis * 2), 30_000);
        warmRetryAt = ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmBackoffMillis);
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
              + spec.name()
              + " failed to start: "
              + spec.startBlame()
              + " threw "
              + failure,
          failure);
      event(id, "start-failed", null, spec.startBlame() + " threw " + failure);
      refused.forEach(w -> w.refused(Refusal.START_FAILED));
      firstStart.completeExceptionally(failure);
      after.run(this);
      return;
    }
    firstStart.complete(id);
    log.info(
        "container "
            + id
            + " of "
            + spec.name()
            + " started in "
            + (ticker.nanoTime() - began) / 1_000_000
            + " ms (cold start)");
    event(id, "started", null, "started in " + (ticker.nanoTime() - began) / 1_000_000 + " ms");
    if (lateStop) {
      stopContainer(started, STOP, "emulator stopping");
    }
    after.run(this);
  }

  /** Exit hooks may block: never on an I/O thread or in the autoscaler's round. */
  private void stopLater(Container container, String reason, String why) {
    try {
      starter.execute(() -> stopContainer(container, reason, why));
    } catch (RejectedExecutionException stopping) {
      stopContainer(container, reason, why);
    }
  }

  private void stopContainer(Container container, String reason, String why) {
    ClassLoader previous = UserCode.enter(container.codeLoader(appLoader));
    FunctionLog printing = ConsoleCapture.attribute(log);
    try {
      container.stop();
    } finally {
      ConsoleCapture.attribute(printing);
      UserCode.leave(previous);
    }
    log.info("container " + container.id + " of " + spec.name() + " stopped (" + why + ")");
    event(container.id, "stopped", reason, why);
  }

  /** Work decided under the lock, run after it: made only when there is some. */
  private static final class Tasks {
    private List<Runnable> tasks;

    void add(Runnable task) {
      if (tasks == null) {
        tasks = new ArrayList<>(4);
      }
      tasks.add(task);
    }

    /** Runs every task, even when one throws (a callback on an emulator that is stopping). */
    void run(ContainerPool pool) {
      if (tasks == null) {
        return;
      }
      for (Runnable task : tasks) {
        try {
          task.run();
        } catch (RuntimeException e) {
          pool.log.error("a container pool task of " + pool.spec.name() + " failed", e);
        }
      }
    }
  }
}
