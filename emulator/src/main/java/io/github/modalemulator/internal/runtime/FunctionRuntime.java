package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.io.UndertowOutputStream;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.AttachmentKey;
import io.undertow.util.SameThreadExecutor;
import org.xnio.IoUtils;

/**
 * Runs one web function: takes a slot in a container of its pool (starting one, or waiting in the
 * pool's queue, as the cloud does) and hands the request to that container's serving part.
 *
 * <p>User code runs on a worker thread with the app's class loader as the thread's context class
 * loader, as it would in its own JVM; a ready non-blocking container (a web server's proxy) serves
 * on the I/O thread. A waiting request holds no thread.
 */
public final class FunctionRuntime implements HttpHandler {
  /** The emulator's answer when a container can't start (the cloud's exact text is not public). */
  static final String START_FAILED_BODY =
      "modal-http: internal error: function container failed to start";

  static final String INTERNAL_ERROR_BODY = "Internal Server Error";

  /** The container that served a request, for the journal. */
  public static final AttachmentKey<String> CONTAINER_ID = AttachmentKey.create(String.class);

  /** Whether the request waited for its container to start, for the journal. */
  public static final AttachmentKey<Boolean> COLD_START = AttachmentKey.create(Boolean.class);

  private final FunctionDefinition function;
  private final ContainerPool pool;
  private final FunctionLog log;
  private final ClassLoader appLoader;
  private final int pendingLimit;

  public FunctionRuntime(FunctionDefinition function, ContainerPool pool, int pendingLimit) {
    this.function = function;
    this.pool = pool;
    this.log = pool.log();
    this.appLoader = function.method().getDeclaringClass().getClassLoader();
    this.pendingLimit = pendingLimit;
  }

  public FunctionLog log() {
    return log;
  }

  public ContainerPool pool() {
    return pool;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    ContainerPool.Lease now = pool.tryLeaseNow();
    if (now != null) {
      if (!exchange.isInIoThread() || now.container().serving(function.name()).nonBlocking()) {
        serve(exchange, now);
      } else {
        exchange.dispatch(ex -> serve(ex, now));
      }
      return;
    }
    // No free slot: wait in the pool's queue without a thread. Once this handler has returned,
    // whoever hands the slot over may resume the exchange from any thread.
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () ->
            pool.lease(
                new ContainerPool.Callback() {
                  @Override
                  public void leased(ContainerPool.Lease lease) {
                    exchange.dispatch(ex -> serve(ex, lease));
                  }

                  @Override
                  public void refused(ContainerPool.Refusal refusal) {
                    exchange.dispatch(ex -> refuse(ex, refusal));
                  }
                }));
  }

  private void refuse(HttpServerExchange exchange, ContainerPool.Refusal refusal) {
    if (refusal == ContainerPool.Refusal.QUEUE_FULL) {
      PlainText.send(
          exchange,
          429,
          "modal-http: Function "
              + function.name()
              + " reached pending input queue limit ("
              + pendingLimit
              + ") and can't take more inputs now; try again later");
    } else {
      PlainText.send(exchange, 500, START_FAILED_BODY);
    }
  }

  private void serve(HttpServerExchange exchange, ContainerPool.Lease lease) {
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          pool.release(lease);
          next.proceed();
        });
    exchange.putAttachment(CONTAINER_ID, lease.containerId());
    exchange.putAttachment(COLD_START, lease.coldStart());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(appLoader);
    try {
      // Failures the app reports later, from its own callbacks, end the exchange without a
      // response: answer those here too.
      exchange.addDefaultResponseListener(this::answerUnanswered);
      lease.container().serving(function.name()).handler().handleRequest(exchange);
    } catch (Throwable failure) {
      answerFailure(exchange, failure);
    } finally {
      thread.setContextClassLoader(previous);
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
}
