package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.calls.Backends;
import io.github.modalemulator.internal.calls.CallBackend;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.http.BodyLimit;
import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.MalformedBodyException;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.io.UndertowOutputStream;
import io.undertow.server.Connectors;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * Runs one web function: takes a slot in a container of its pool (starting one, or waiting in the
 * pool's queue, as the cloud does) and hands the request to that container's serving part.
 *
 * <p>User code runs with the app's class loader as the thread's context class loader, as it would
 * in its own JVM: blocking kinds (FastAPI endpoints, servlets) on a worker thread, the others (an
 * {@code HttpHandler}, a web server's proxy) on the I/O thread, as Undertow calls any handler. A
 * waiting request holds no thread.
 */
public final class FunctionRuntime implements HttpHandler {
  /** The emulator's answer when a container can't start (the cloud's exact text is not public). */
  static final String START_FAILED_BODY =
      "modal-http: internal error: function container failed to start";

  private final FunctionDefinition function;
  private final ContainerPool pool;
  private final FunctionLog log;
  private final ClassLoader appLoader;
  private final Ticker ticker;
  private final int pendingLimit;
  private final long timeoutNanos;
  private final long gatewayTimeoutNanos;
  private final Deadlines deadlines;
  private final long firstMessageMillis;
  private final IoThreadWatch watch;
  // A server's replicas (SERVER, HTTP_SERVER): sticky by session, 503 while none is ready.
  private final boolean replicas;
  private final double targetConcurrency;
  // Failures the app reports later, from its own callbacks, end the exchange without a response.
  private final DefaultResponseListener unanswered = this::answerUnanswered;

  public FunctionRuntime(
      FunctionDefinition function,
      ContainerPool pool,
      RuntimeSettings settings,
      FunctionCalls calls,
      IoThreadWatch watch) {
    this.function = function;
    this.pool = pool;
    this.log = pool.log();
    this.appLoader = pool.spec().appLoader();
    this.ticker = settings.ticker();
    this.pendingLimit = settings.pendingInputLimit();
    this.replicas = function.web() != null && function.web().kind().isServer();
    // A server's requests go straight to a replica's own server, not as inputs of a function
    // through the client library's wrapper: no input timeout, no 303 with a call id, no 408.
    this.timeoutNanos =
        replicas ? NO_DEADLINE : TimeUnit.SECONDS.toNanos(function.scaling().timeout());
    this.gatewayTimeoutNanos = replicas ? NO_DEADLINE : settings.gatewayTimeout().toNanos();
    long firstMessageNanos = replicas ? NO_DEADLINE : settings.firstMessage().toNanos();
    this.deadlines =
        new Deadlines(
            function,
            pool,
            calls,
            gatewayTimeoutNanos,
            settings.hasGateway() && !replicas,
            firstMessageNanos);
    this.firstMessageMillis = TimeUnit.NANOSECONDS.toMillis(firstMessageNanos);
    this.watch = watch;
    this.targetConcurrency = replicas ? function.web().server().targetConcurrency() : 0;
  }

  /** Far enough never to pass, and to add to a ticker's reading without overflow. */
  private static final long NO_DEADLINE = Long.MAX_VALUE / 4;

  /** The header by which a client keeps its requests on one replica of a server. */
  static final HttpString SESSION_HEADER = new HttpString("Modal-Session-Id");

  public FunctionDefinition definition() {
    return function;
  }

  public ContainerPool pool() {
    return pool;
  }

  public FunctionLog log() {
    return log;
  }

  Deadlines deadlines() {
    return deadlines;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    long arrived = ticker.nanoTime();
    InputState state = new InputState(this, exchange, arrived, arrived + gatewayTimeoutNanos);
    if (replicas) {
      Container replica =
          pool.leaseReplica(
              state, exchange.getRequestHeaders().getFirst(SESSION_HEADER), targetConcurrency);
      if (replica == null) {
        // The cloud's answer while a server has no live replica; the request made one start.
        PlainText.send(exchange, 503, noReplicaBody());
        return;
      }
      start(exchange, state, replica, false, true);
      return;
    }
    Container container = pool.tryLeaseNow(state);
    if (container != null) {
      start(exchange, state, container, false, true);
      return;
    }
    // No free slot: wait in the pool's queue without a thread. Once this handler has returned,
    // whoever hands the slot over may resume the exchange from any thread.
    exchange.dispatch(SameThreadExecutor.INSTANCE, () -> pool.lease(state));
  }

  private String noReplicaBody() {
    return "modal-http: no replica of " + function.name() + " is ready yet; retry in a moment";
  }

  /** A waiting input got its slot. */
  void leased(InputState state, Container container, boolean cold) {
    start(state.exchange, state, container, cold, false);
  }

  /** A waiting input gets no container: the cloud's answer for why. */
  void refused(InputState state, ContainerPool.Refusal refusal) {
    state.exchange.dispatch(
        exchange -> {
          switch (refusal) {
            case QUEUE_FULL ->
                PlainText.send(
                    exchange,
                    429,
                    "modal-http: Function "
                        + function.name()
                        + " reached pending input queue limit ("
                        + pendingLimit
                        + ") and can't take more inputs now; try again later");
            case STOPPED -> PlainText.send(exchange, 503, "modal-http: the emulator is stopping");
            case START_FAILED -> PlainText.send(exchange, 500, START_FAILED_BODY);
          }
        });
  }

  /**
   * Serves on the thread the container's part wants: the I/O thread, or a worker.
   *
   * @param inCall true while Undertow's call of {@link #handleRequest} is on the stack; a leased
   *     input is not (its slot was handed over later, by another thread, such as the one that
   *     started a cold container), so it is dispatched: Undertow's root call around the handler is
   *     what ends the exchange once the handler returns undispatched. A servlet relies on it: one
   *     that doesn't end the request itself (Spring MVC's DispatcherServlet after a POST with a
   *     body) would otherwise leave the exchange open, and its keep-alive connection would read no
   *     next request; the emulator's stop then waited for it and ended it after the buffer pool had
   *     closed (UT000131).
   */
  private void start(
      HttpServerExchange exchange,
      InputState state,
      Container container,
      boolean cold,
      boolean inCall) {
    ServingPart part = container.serving(function.name());
    boolean onIoThread = exchange.isInIoThread();
    if (inCall && part.nonBlocking() == onIoThread) {
      serve(exchange, state, container, part, cold);
      return;
    }
    Executor executor =
        part.nonBlocking() ? exchange.getIoThread() : exchange.getConnection().getWorker();
    HttpHandler serving = ex -> serve(ex, state, container, part, cold);
    // Served even if the client has gone meanwhile (Undertow's dispatch of a handler would skip
    // it): serve() is what accounts for the input's slot.
    exchange.dispatch(executor, () -> Connectors.executeRootHandler(serving, exchange));
  }

  private void serve(
      HttpServerExchange exchange,
      InputState state,
      Container container,
      ServingPart part,
      boolean cold) {
    boolean blocking = !exchange.isInIoThread();
    Thread thread = Thread.currentThread();
    state.served(container, cold, ticker.nanoTime() + timeoutNanos, blocking ? thread : null);
    exchange.putAttachment(InputState.KEY, state);
    exchange.addExchangeCompleteListener(state);
    exchange.addDefaultResponseListener(unanswered);
    if (deadlines.captures(exchange)) {
      // Outermost, so that it decides first where the response goes once the app takes it.
      state.capture();
      exchange.addResponseWrapper(state);
      if (!exchange.isRequestComplete() && exchange.isRequestChannelAvailable()) {
        // A body is announced: the cloud's client library gives it a while to start.
        exchange.addRequestWrapper((factory, ex) -> new BodyStart(factory.create(), state));
        state.firstMessageCheck(
            exchange
                .getIoThread()
                .executeAfter(
                    () -> deadlines.firstMessageDue(state),
                    firstMessageMillis,
                    TimeUnit.MILLISECONDS));
      }
      InputState.invoking(exchange); // the 303 of an input that waited past the limit goes now
    }
    ClassLoader previous = UserCode.enter(container.codeLoader(appLoader));
    CallBackend calling = Backends.enter(pool.backend());
    FunctionLog printing = ConsoleCapture.attribute(log);
    IoThreadWatch.Slot watched = blocking ? null : watch.enter(exchange, function.name(), log);
    try {
      Hop.to(part.handler(), exchange);
    } catch (Throwable failure) {
      answerFailure(exchange, failure);
    } finally {
      if (watched != null) {
        watched.leave();
      }
      if (blocking) {
        boolean held = state.runnerEnded();
        if (state.timedOut()) {
          Deadlines.answerTimeout(state); // the interrupted code gave up: answer in its place
        }
        Thread.interrupted(); // a timeout's interrupt that came late is not the next task's
        if (held) {
          state.release(); // the abandoned code is back: its container may stop now
        }
      }
      ConsoleCapture.attribute(printing);
      Backends.leave(calling);
      UserCode.leave(previous);
      // The input ends when the function returns, as in the cloud: a blocking kind's code is done
      // once its handler returns (what it wrote may still be on its way to the client); a handler
      // on the I/O thread may go on asynchronously, so only its complete answer ends it.
      // An upgraded connection (a WebSocket) is the input until it closes, as in the cloud. A
      // whole answer handed to the I/O thread (FastAPI's) ends its input there, as the writing
      // begins (InputState.answerUnderway).
      if (!exchange.isDispatched()
          && !exchange.isUpgrade()
          && (blocking || exchange.isResponseComplete())) {
        state.exchangeDone();
      }
    }
  }

  private boolean answerUnanswered(HttpServerExchange exchange) {
    if (exchange.isResponseStarted() || abandoned(exchange)) {
      return false;
    }
    Throwable failure = exchange.getAttachment(DefaultResponseListener.EXCEPTION);
    if (failure == null && BodyLimit.exceeded(exchange)) {
      // An asynchronous read went past the limit and the app's error callback gave up.
      failure = new RequestTooBigException();
    }
    if (failure == null) {
      return false;
    }
    answerFailure(exchange, failure);
    return true;
  }

  /** {@code GET /path to hello}: how logs name one input. */
  static String describe(HttpServerExchange exchange, FunctionDefinition function) {
    return exchange.getRequestMethod() + " " + exchange.getRequestPath() + " to " + function.name();
  }

  static final String BODY_CUT_SHORT =
      "modal-http: the request body ended before the length it declared";

  private static boolean abandoned(HttpServerExchange exchange) {
    InputState state = InputState.of(exchange);
    return state != null && state.abandoned();
  }

  private void answerFailure(HttpServerExchange exchange, Throwable failure) {
    InputState state = InputState.of(exchange);
    if (state != null && state.bodyMissed()) {
      // Its client got the 408 and was told to go: the app's failure to read is the disconnect.
      log.info(
          "request " + describe(exchange, function) + " ended with its client gone: " + failure);
      return;
    }
    if (abandoned(exchange)) {
      log.info("an abandoned input of " + function.name() + " ended with " + failure);
      return;
    }
    boolean tooBig = causedByTooBigBody(failure);
    MalformedBodyException malformed = tooBig ? null : malformedBody(failure);
    boolean cutShort = !tooBig && malformed == null && bodyCutShort(exchange, failure);
    if (malformed != null) {
      log.info("the client's request body broke its framing: " + malformed.getMessage());
    } else if (cutShort) {
      // The client's fault, not the function's: a line in the log, no stack trace.
      log.info(
          "the client's request body ended early ("
              + failure
              + ") in "
              + describe(exchange, function));
    } else if (!tooBig) {
      log.error("request " + describe(exchange, function) + " failed", failure);
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
      BodyLimit.answer(exchange);
    } else if (malformed != null) {
      BodyLimit.refuseTheRest(exchange);
      PlainText.send(exchange, 400, malformed.getMessage());
    } else if (cutShort) {
      exchange.setPersistent(false);
      PlainText.send(exchange, 400, BODY_CUT_SHORT);
    } else {
      PlainText.send(exchange, 500, PlainText.INTERNAL_SERVER_ERROR);
    }
  }

  /**
   * Whether the failure is the client's: an I/O error raised while the request body was read off
   * the connection.
   */
  private static boolean bodyCutShort(HttpServerExchange exchange, Throwable failure) {
    if (exchange.getRequestContentLength() == 0) {
      return false; // no body to cut short (Undertow marks a failed body's request complete)
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof IOException && isEarlyEnd(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An I/O error raised where Undertow and XNIO read the body off the connection (the client closed
   * or reset it, or broke the framing), not in the function's own code.
   */
  private static boolean isEarlyEnd(Throwable t) {
    StackTraceElement[] stack = t.getStackTrace();
    if (stack.length == 0) {
      return false;
    }
    String thrower = stack[0].getClassName();
    return thrower.startsWith("io.undertow.conduits.")
        || thrower.startsWith("org.xnio.")
        || thrower.startsWith("sun.nio.ch.");
  }

  private static MalformedBodyException malformedBody(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MalformedBodyException malformed) {
        return malformed;
      }
    }
    return null;
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
