package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import org.xnio.IoUtils;

/**
 * Runs a web function: starts its container on the first request (a cold start, as in the cloud
 * with no warm containers), hands every request to it, and stops it with the emulator.
 *
 * <p>One container per function for now; it takes every input of the function at once.
 */
public final class FunctionRuntime implements HttpHandler {
  /** The emulator's answer when a container can't start (the cloud's exact text is not public). */
  static final String START_FAILED_BODY =
      "modal-http: internal error: function container failed to start";

  static final String INTERNAL_ERROR_BODY = "Internal Server Error";

  private final FunctionDefinition function;
  private final FunctionLog log;
  private final Object lifecycle = new Object();
  private Container container; // guarded by lifecycle
  private boolean stopped; // guarded by lifecycle
  private volatile Container ready;

  public FunctionRuntime(FunctionDefinition function, FunctionLog log) {
    this.function = function;
    this.log = log;
  }

  public FunctionLog log() {
    return log;
  }

  /** Runs on a worker thread: the container's start and the user's handler may block. */
  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    Container serving = ready;
    if (serving == null) {
      serving = startIfNeeded();
      if (serving == null) {
        PlainText.send(exchange, 500, START_FAILED_BODY);
        return;
      }
    }
    try {
      serving.handler().handleRequest(exchange);
    } catch (Throwable failure) {
      answerFailure(exchange, failure);
    }
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

  private Container startIfNeeded() {
    synchronized (lifecycle) {
      if (stopped) {
        return null;
      }
      if (container != null) {
        return container;
      }
      long began = System.nanoTime();
      try {
        container = startContainer();
      } catch (Throwable failure) {
        log.error(
            "container of "
                + function.name()
                + " failed to start: "
                + function.web().kind().javaName()
                + " method "
                + function.where()
                + " threw "
                + failure,
            failure);
        return null;
      }
      log.info(
          "container of "
              + function.name()
              + " started in "
              + (System.nanoTime() - began) / 1_000_000
              + " ms (cold start)");
      ready = container;
      return container;
    }
  }

  private Container startContainer() throws Throwable {
    return switch (function.web().kind()) {
      case ASGI_APP -> AsgiContainer.start(function, log);
    };
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
