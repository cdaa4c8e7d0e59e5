package io.github.modalemulator.internal.assembly;

import io.github.modalemulator.internal.calls.Backends;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.listen.HttpListeners;
import io.github.modalemulator.internal.runtime.ConsoleCapture;
import io.github.modalemulator.internal.runtime.ContainerKinds;
import io.github.modalemulator.internal.runtime.FunctionCalls;
import io.github.modalemulator.internal.runtime.IoThreadWatch;
import io.github.modalemulator.internal.runtime.RuntimeSettings;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * The running parts, whatever is served: the I/O and worker threads, the listeners, the executor
 * that starts and stops containers, and the autoscaler's rounds over the generations in service.
 * One {@link #start(List)}; one {@link #close()}, which a failed start uses too.
 */
public final class Server implements AutoCloseable {
  static final Logger LOG = LoggerFactory.getLogger(Server.class);

  /** A port to listen on, and the handler of its requests. */
  public record Listener(int port, String bindAddress, HttpHandler handler) {}

  private final Settings settings;
  private final XnioWorker worker;
  private final TaskThreads tasks;
  private final ExecutorService starter;
  private final ExecutorService inputs;
  private final Calls calls;
  private final ScheduledExecutorService autoscaler;
  private final IoThreadWatch watch;
  private final List<Generation> generations = new CopyOnWriteArrayList<>();
  private final List<GracefulShutdownHandler> shutdowns = new ArrayList<>();
  private final Object lifecycle = new Object();
  private HttpListeners bound; // guarded by lifecycle
  private boolean closed; // guarded by lifecycle
  private final List<String> reportedDead = new ArrayList<>(); // the autoscaler's thread only

  /** Makes the threads; nothing listens before {@link #start(List)}. */
  public Server(Settings settings) {
    ConsoleCapture.install(); // what functions print goes to their logs as well
    this.settings = settings;
    int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
    this.tasks =
        new TaskThreads(
            "modal-emulator task",
            settings.http().workerThreads(),
            // At least four: on one core, 50 connections' first 5 s went from about 29k req/s
            // with two to 33k with four (eight: 30k); a thread that stalls briefly (a lock, a
            // page of code compiled) no longer sends the next task to a cold thread.
            Math.max(Runtime.getRuntime().availableProcessors(), 4));
    this.worker = createWorker(ioThreads, tasks);
    this.starter = Executors.newCachedThreadPool(daemonThreads("modal-container-start"));
    this.inputs = Executors.newCachedThreadPool(daemonThreads("modal-input"));
    this.calls = new Calls(inputs);
    this.autoscaler = Executors.newSingleThreadScheduledExecutor(daemonThreads("modal-autoscaler"));
    this.watch =
        new IoThreadWatch(
            ioThreads, IoThreadWatch.DEFAULT_LIMIT_MILLIS, settings.functions().clock().ticker());
  }

  /** The runtime parts of a deployment, on this server's threads; not yet in service. */
  public Generation generation(Deployment deployment, ContainerKinds kinds, FunctionCalls calls) {
    return generation(deployment, kinds, calls, settings.runtime());
  }

  /** As {@link #generation(Deployment, ContainerKinds, FunctionCalls)}, with its own runtime. */
  public Generation generation(
      Deployment deployment, ContainerKinds kinds, FunctionCalls calls, RuntimeSettings runtime) {
    return new Generation(deployment, runtime, kinds, starter, calls, watch, this.calls, inputs);
  }

  /** Where inputs of functions that code calls run: a thread each, cut short at close. */
  java.util.concurrent.Executor inputs() {
    return inputs;
  }

  /** The functions that code calls, their stubs and the calls made. */
  public Calls calls() {
    return calls;
  }

  /**
   * As {@link #generation(Deployment, ContainerKinds, FunctionCalls)}, whose containers start only
   * once {@code gate} opens: a reload's new generation whose web servers take ports that the old
   * one still holds. Inputs wait for those starts, holding no thread.
   */
  Generation generation(
      Deployment deployment, ContainerKinds kinds, FunctionCalls calls, StartGate gate) {
    return new Generation(
        deployment, settings.runtime(), kinds, gate.in(starter), calls, watch, this.calls, inputs);
  }

  /**
   * Takes a generation out of service: no new inputs reach it (the routes moved on before this),
   * those in flight or queued finish (up to the stop timeout), then its containers stop in the
   * calling thread ({@code @Exit} hooks run, web servers' processes end).
   *
   * @return whether it drained in time (false: the inputs left were cut short)
   */
  boolean retire(Generation generation) {
    long deadline = System.nanoTime() + settings.http().stopTimeout().toNanos();
    boolean drained;
    while (!(drained = generation.idle()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5); // a drain takes as long as the slowest input: no event to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    generations.remove(generation);
    generation.stopReplaced();
    return drained;
  }

  /**
   * Binds every listener and starts the autoscaler.
   *
   * @throws RuntimeException when a port can't be bound; {@link #close()} then frees the rest
   */
  public void start(List<Listener> listeners) {
    Backends.register(calls);
    List<HttpListeners.Spec> specs = new ArrayList<>();
    for (Listener listener : listeners) {
      GracefulShutdownHandler shutdown = new GracefulShutdownHandler(listener.handler());
      shutdowns.add(shutdown);
      specs.add(new HttpListeners.Spec(listener.port(), listener.bindAddress(), shutdown));
    }
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("this server was closed; start a new one");
      }
      try {
        bound =
            HttpListeners.bind(
                worker,
                new HttpListeners.Limits(
                    settings.http().headerTimeout(),
                    settings.http().idleTimeout(),
                    settings.http().maxRequestBodySize()),
                specs);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not listen on "
                + listeners.stream()
                    .map(listener -> listener.bindAddress() + ":" + listener.port())
                    .toList()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    long period = settings.functions().clock().autoscalerPeriod().toNanos();
    autoscaler.scheduleWithFixedDelay(this::autoscale, period, period, TimeUnit.NANOSECONDS);
  }

  /** The bound ports, in the order of the listeners. */
  public List<Integer> ports() {
    synchronized (lifecycle) {
      return bound.ports();
    }
  }

  /** Puts a generation in service: its warm containers start, the autoscaler's rounds cover it. */
  public void serve(Generation generation) {
    generations.add(generation);
    generation.warm();
  }

  /** One round: every generation's pools and deadlines, then the I/O threads' watch. */
  private void autoscale() {
    // A failure here (an OutOfMemoryError that user code caused, say) must not end the rounds:
    // the scheduler would never run them again, and containers would neither scale nor time out.
    long now = settings.functions().clock().ticker().nanoTime();
    for (Generation generation : generations) {
      try {
        generation.tick(now);
      } catch (RuntimeException | Error e) {
        LOG.error("An autoscaler round failed; the next one runs as planned", e);
      }
    }
    try {
      watch.check(now);
    } catch (RuntimeException | Error e) {
      LOG.error("The check of blocked I/O threads failed", e);
    }
    reportDeadIoThreads();
  }

  /**
   * The I/O threads that have ended. XNIO's loop catches what a handler throws, but an error in the
   * loop itself (an OutOfMemoryError while it allocates, or while it logs a failed task) ends the
   * thread, and every connection it served gets no answer again; nothing can restart it.
   */
  List<String> deadIoThreads() {
    List<String> dead = new ArrayList<>();
    for (int i = 0; i < worker.getIoThreadCount(); i++) {
      XnioIoThread thread = worker.getIoThread(i);
      if (!thread.isAlive()) {
        dead.add(thread.getName());
      }
    }
    return dead;
  }

  private void reportDeadIoThreads() {
    List<String> dead = deadIoThreads();
    dead.removeAll(reportedDead);
    if (!dead.isEmpty()) {
      reportedDead.addAll(dead);
      LOG.error(
          "The emulator's I/O threads {} have ended (an OutOfMemoryError?): the connections they"
              + " served get no answer; restart the emulator, and give it more heap (-Xmx) if a"
              + " function needs it",
          dead);
    }
  }

  /**
   * Stops gracefully: requests in flight finish (up to the stop timeout), the port is released,
   * containers stop (their exit hooks run), then the threads, these three within one more stop
   * timeout: at most twice the stop timeout in all. When an I/O thread has ended, its requests
   * never will: the stop doesn't wait for them.
   */
  @Override
  public void close() {
    HttpListeners running;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      running = bound;
    }
    long timeout = settings.http().stopTimeout().toMillis();
    List<String> dead = deadIoThreads();
    if (!dead.isEmpty()) {
      LOG.error(
          "The emulator's I/O threads {} have ended; the stop doesn't wait for their requests",
          dead);
    }
    shutdowns.forEach(GracefulShutdownHandler::shutdown);
    long drained = System.nanoTime() + (dead.isEmpty() ? timeout : 0) * 1_000_000L;
    for (GracefulShutdownHandler shutdown : shutdowns) {
      try {
        if (!shutdown.awaitShutdown(millisLeft(drained))) {
          break; // out of time: the next ones had as long to drain
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    watch.interruptBusy(); // handlers that hold an I/O thread would keep it from stopping
    long stopped = System.nanoTime() + timeout * 1_000_000L; // the rest share one stop timeout
    if (running != null) {
      stopListeners(running, millisLeft(stopped));
    }
    // Containers stop while the I/O threads still run (a proxy's connections close through
    // them); a start still running never blocks this. Then user code that hangs is interrupted,
    // as Undertow alone would wait for it forever, and the threads get a bounded wait.
    autoscaler.shutdownNow();
    Backends.unregister(calls);
    generations.forEach(Generation::stop);
    inputs.shutdownNow(); // calls still running are cut short, as requests are
    // Starts still running end, and their containers stop (their exit hooks run) before close()
    // returns; stops handed to the starter finish too.
    starter.shutdown();
    try {
      if (!starter.awaitTermination(millisLeft(stopped), TimeUnit.MILLISECONDS)) {
        starter.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (running != null) {
      running.close(); // after the containers: their proxies' connections took these buffers
    }
    worker.shutdownNow();
    tasks.shutdownNow(); // the worker leaves a pool of its caller's to its caller
    try {
      if (!worker.awaitTermination(millisLeft(stopped), TimeUnit.MILLISECONDS)
          || !tasks.awaitTermination(millisLeft(stopped), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "Some user code still runs {} after the emulator stopped; its threads are left to end"
                + " on their own",
            settings.http().stopTimeout());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The milliseconds until {@code deadline}, at least 1: a wait of 0 would wait forever. */
  private static long millisLeft(long deadline) {
    return Math.max(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), 1);
  }

  /**
   * Undertow's stop waits for its I/O threads without a bound: one that an error left stuck would
   * hang the emulator's stop forever. So it gets the stop timeout, then the worker is forced down.
   */
  private void stopListeners(HttpListeners running, long timeoutMillis) {
    Thread stopping = new Thread(running::stopAccepting, "modal-emulator-stop");
    stopping.setDaemon(true);
    stopping.start();
    try {
      stopping.join(timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopping.isAlive()) {
      LOG.warn(
          "The listeners did not stop within {}; the I/O threads are stopped by force",
          settings.http().stopTimeout());
      worker.shutdownNow();
    }
  }

  static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler(
          (t, e) -> LOG.error("The emulator's thread {} ended with an error", t.getName(), e));
      return thread;
    };
  }

  private static XnioWorker createWorker(int ioThreads, TaskThreads tasks) {
    try {
      return Xnio.getInstance(Undertow.class.getClassLoader())
          .createWorkerBuilder()
          .populateFromOptions(
              OptionMap.builder()
                  .set(Options.WORKER_NAME, "modal-emulator")
                  .set(Options.WORKER_IO_THREADS, ioThreads)
                  .set(Options.TCP_NODELAY, true)
                  .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                  .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                  .getMap())
          .setExternalExecutorService(tasks)
          .build();
    } catch (RuntimeException | Error e) {
      tasks.shutdownNow();
      throw e;
    }
  }
}
