package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import java.util.List;

/**
 * Runs a {@code @WebServer} function on a thread of its own and keeps what it returned. A container
 * that gives up on the function (its start timed out, or it stops) abandons it: what the function
 * returns afterwards, an {@code AutoCloseable} server or a {@link Process}, is stopped as soon as
 * it returns, so a slow start that finishes after its container failed holds no port.
 */
final class ServerRunner implements Runnable {
  private final FunctionDefinition function;
  private final Object instance;
  private final ProcessClaim claim;
  private final FunctionLog log;
  private final Thread thread;
  private Object returned;
  private Throwable thrown;
  private boolean done;
  private boolean abandoned;

  private ServerRunner(
      FunctionDefinition function, Object instance, ProcessClaim claim, FunctionLog log) {
    this.function = function;
    this.instance = instance;
    this.claim = claim;
    this.log = log;
    this.thread = new Thread(this, "web-server " + function.appName() + "." + function.name());
    thread.setContextClassLoader(function.method().getDeclaringClass().getClassLoader());
    thread.setDaemon(true);
  }

  /** Starts the function; {@code claim} ends when it returns, if the port didn't accept first. */
  static ServerRunner start(
      FunctionDefinition function, Object instance, ProcessClaim claim, FunctionLog log) {
    ServerRunner runner = new ServerRunner(function, instance, claim, log);
    runner.thread.start();
    return runner;
  }

  @Override
  public void run() {
    Object result = null;
    Throwable failure = null;
    try {
      result = UserCode.invoke(function.method(), instance);
    } catch (Throwable t) {
      failure = t;
    } finally {
      claim.end();
    }
    boolean late;
    synchronized (this) {
      returned = result;
      thrown = failure;
      done = true;
      late = abandoned;
    }
    if (late) {
      if (result != null) {
        log.info(
            function.name()
                + " returned after its container gave up on it; what it returned is stopped");
      }
      stop(result);
    }
  }

  /** What the function threw, once it has; null while it runs or when it returned. */
  synchronized Throwable thrown() {
    return thrown;
  }

  /**
   * Gives up on the function: stops what it returned, or, if it is still running, interrupts it and
   * stops what it returns when it does.
   */
  void abandon() {
    Object result;
    synchronized (this) {
      if (abandoned) {
        return;
      }
      abandoned = true;
      result = done ? returned : null;
    }
    stop(result);
    thread.interrupt(); // a function that serves in-process, blocking, is asked to stop
  }

  private void stop(Object result) {
    if (result instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.error("closing what the web server function returned failed", e);
      }
    } else if (result instanceof Process process) {
      ProcessTrees.stop(List.of(process.toHandle()));
    }
  }
}
