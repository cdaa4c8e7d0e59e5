package io.github.modalemulator.internal.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.io.UndertowOutputStream;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.xnio.IoUtils;

/**
 * Runs a web function: starts its container on the first request (a cold start, as in the cloud
 * with no warm containers), hands every request to it, and stops it with the emulator.
 *
 * <p>One container per function for now; it takes every input of the function at once. User code
 * runs with the app's class loader as the thread's context class loader, as it would in its own
 * JVM.
 */
public final class FunctionRuntime implements HttpHandler {
  /** The emulator's answer when a container can't start (the cloud's exact text is not public). */
  static final String START_FAILED_BODY =
      "modal-http: internal error: function container failed to start";

  static final String INTERNAL_ERROR_BODY = "Internal Server Error";

  private final FunctionDefinition function;
  private final FunctionLog log;
  private final ObjectMapper json;
  private final ClassLoader appLoader;
  private final Object lifecycle = new Object();
  private Container container; // guarded by lifecycle
  private FutureTask<Container> starting; // guarded by lifecycle
  private boolean stopped; // guarded by lifecycle
  private volatile Container ready;

  public FunctionRuntime(FunctionDefinition function, FunctionLog log, ObjectMapper json) {
    this.function = function;
    this.log = log;
    this.json = json;
    this.appLoader = function.method().getDeclaringClass().getClassLoader();
  }

  public FunctionLog log() {
    return log;
  }

  /**
   * Runs on a worker thread, since the container's start and the user's handler may block; a ready
   * container whose handler never blocks serves on the I/O thread instead.
   */
  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      Container serving = ready;
      if (serving != null && serving.nonBlocking() && !serving.failed()) {
        serve(serving, exchange);
      } else {
        exchange.dispatch(this);
      }
      return;
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(appLoader);
    try {
      Container serving = ready;
      if (serving != null && serving.failed()) {
        retire(serving);
        serving = null;
      }
      if (serving == null) {
        serving = startIfNeeded();
        if (serving == null) {
          PlainText.send(exchange, 500, START_FAILED_BODY);
          return;
        }
      }
      serve(serving, exchange);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private void serve(Container serving, HttpServerExchange exchange) {
    try {
      // Failures the app reports later, from its own callbacks, end the exchange without a
      // response: answer those here too.
      exchange.addDefaultResponseListener(this::answerUnanswered);
      serving.handler().handleRequest(exchange);
    } catch (Throwable failure) {
      answerFailure(exchange, failure);
    }
  }

  private boolean answerUnanswered(HttpServerExchange exchange) {
    if (exchange.isResponseStarted()) {
      return false;
    }
    Throwable failure = exchange.getAttachment(DefaultResponseListener.EXCEPTION);
    if (failure == null && exchange.getAttachment(PlainText.BODY_EXCEEDED) != null) {
      // An asynchronous read went past the limit and the app's error callback gave up.
      failure = new RequestTooBigException();
    }
    if (failure == null) {
      return false;
    }
    answerFailure(exchange, failure);
    return true;
  }

  private void answerFailure(HttpServerExchange exchange, Throwable failure) {
    boolean tooBig = causedByTooBigBody(failure);
    if (!tooBig) {
      log.error(
          "request "
              + exchange.getRequestMethod()
              + " "
              + exchange.getRequestPath()
              + " to "
              + function.name()
              + " failed",
          failure);
    }
    if (exchange.isResponseStarted()) {
      // Half a response is on the wire: only closing tells the client it is broken.
      IoUtils.safeClose(exchange.getConnection());
      return;
    }
    if (exchange.isBlocking() && exchange.getOutputStream() instanceof UndertowOutputStream out) {
      out.resetBuffer(); // what the app wrote but never flushed is not part of the 500
    }
    exchange.getResponseHeaders().clear();
    if (tooBig) {
      // A chunked body past the limit: the cloud's edge refuses it before the function.
      PlainText.sendBodyTooLarge(exchange);
    } else {
      PlainText.send(exchange, 500, INTERNAL_ERROR_BODY);
    }
  }

  private static boolean causedByTooBigBody(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RequestTooBigException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The running container, starting one if none runs; null when the start failed or the runtime
   * stopped. The factory runs outside the lock, so {@link #stop()} never waits for user code.
   */
  private Container startIfNeeded() {
    FutureTask<Container> task;
    boolean mine = false;
    synchronized (lifecycle) {
      if (stopped) {
        return null;
      }
      if (container != null) {
        return container;
      }
      if (starting == null) {
        starting = new FutureTask<>(this::startContainer);
        mine = true;
      }
      task = starting;
    }
    long began = System.nanoTime();
    if (mine) {
      task.run();
    }
    Container started;
    try {
      started = task.get();
    } catch (ExecutionException failed) {
      synchronized (lifecycle) {
        if (starting == task) {
          starting = null; // the next request tries a fresh container
        }
      }
      if (mine) {
        log.error(
            "container of "
                + function.name()
                + " failed to start: "
                + function.web().kind().javaName()
                + " method "
                + function.where()
                + " threw "
                + failed.getCause(),
            failed.getCause());
      }
      return null;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return null;
    }
    synchronized (lifecycle) {
      if (starting == task) {
        starting = null;
      }
      if (!stopped) {
        if (container == null) {
          container = started;
          ready = started;
          log.info(
              "container of "
                  + function.name()
                  + " started in "
                  + (System.nanoTime() - began) / 1_000_000
                  + " ms (cold start)");
        }
        return container;
      }
    }
    if (mine) {
      started.stop(); // the emulator stopped while this container was starting
    }
    return null;
  }

  private Container startContainer() throws Exception {
    return switch (function.web().kind()) {
      case ASGI_APP -> AsgiContainer.start(function, log);
      case FASTAPI_ENDPOINT, WEB_ENDPOINT -> new FastapiContainer(function, json, log);
      case WSGI_APP -> WsgiContainer.start(function, log);
      case WEB_SERVER -> WebServerContainer.start(function, log);
    };
  }

  /** Stops a container that can serve no more, so the next request starts a fresh one. */
  private void retire(Container dead) {
    synchronized (lifecycle) {
      if (container != dead) {
        return; // another request retired it already
      }
      container = null;
      ready = null;
    }
    dead.stop();
    log.info("container of " + function.name() + " stopped (its server stopped serving)");
  }

  /** Stops the container, if one runs; later requests get the start failure answer. */
  public void stop() {
    Container running;
    synchronized (lifecycle) {
      stopped = true;
      running = container;
      container = null;
      ready = null;
    }
    if (running != null) {
      running.stop();
      log.info("container of " + function.name() + " stopped (emulator stopping)");
    }
  }
}
