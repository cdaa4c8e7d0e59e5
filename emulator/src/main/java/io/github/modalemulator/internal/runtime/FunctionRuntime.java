package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.io.UndertowOutputStream;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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

  /** The cloud's answer when an input runs past the function's timeout. */
  static final String TIMEOUT_BODY = "modal-http: internal error: function execution timed out";

  /** How long code that ignores the timeout's interrupt keeps the answer waiting. */
  private static final long TIMEOUT_GRACE_MILLIS = 1000;

  /** The query parameter of a 303's result URL. */
  public static final String CALL_ID_PARAMETER = "__modal_function_call_id";

  /** The container that served a request, for the journal. */
  public static final AttachmentKey<String> CONTAINER_ID = AttachmentKey.create(String.class);

  /** Whether the request waited for its container to start, for the journal. */
  public static final AttachmentKey<Boolean> COLD_START = AttachmentKey.create(Boolean.class);

  private final FunctionDefinition function;
  private final ContainerPool pool;
  private final FunctionLog log;
  private final ClassLoader appLoader;
  private final int pendingLimit;
  private final FunctionCalls calls;
  private final long gatewayTimeoutNanos;
  private final boolean divertible;
  private final Set<InputState> running = ConcurrentHashMap.newKeySet();

  /**
   * @param gatewayTimeout how long a request may go without response headers before the client gets
   *     a 303 to its result URL (150 s in the cloud)
   */
  public FunctionRuntime(
      FunctionDefinition function,
      ContainerPool pool,
      int pendingLimit,
      FunctionCalls calls,
      Duration gatewayTimeout) {
    this.function = function;
    this.pool = pool;
    this.log = pool.log();
    this.appLoader = function.method().getDeclaringClass().getClassLoader();
    this.pendingLimit = pendingLimit;
    this.calls = calls;
    this.gatewayTimeoutNanos = gatewayTimeout.toNanos();
    // The emulator writes a FastAPI endpoint's answer itself, so it can keep it for later.
    this.divertible =
        function.web().kind() == WebKind.FASTAPI_ENDPOINT
            || function.web().kind() == WebKind.WEB_ENDPOINT;
  }

  public FunctionLog log() {
    return log;
  }

  public FunctionDefinition definition() {
    return function;
  }

  public ContainerPool pool() {
    return pool;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Deque<String> callId = exchange.getQueryParameters().get(CALL_ID_PARAMETER);
    if (callId != null && exchange.getRequestMethod().equals(Methods.GET)) {
      answerCall(exchange, callId.getFirst());
      return;
    }
    long arrived = System.nanoTime();
    ContainerPool.Lease now = pool.tryLeaseNow();
    if (now != null) {
      if (!exchange.isInIoThread() || now.container().serving(function.name()).nonBlocking()) {
        serve(exchange, now, arrived);
      } else {
        exchange.dispatch(ex -> serve(ex, now, arrived));
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
                    exchange.dispatch(ex -> serve(ex, lease, arrived));
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
    } else if (refusal == ContainerPool.Refusal.STOPPED) {
      PlainText.send(exchange, 503, "modal-http: the emulator is stopping");
    } else {
      PlainText.send(exchange, 500, START_FAILED_BODY);
    }
  }

  private void serve(HttpServerExchange exchange, ContainerPool.Lease lease, long arrived) {
    boolean blocking = !exchange.isInIoThread();
    long now = System.nanoTime();
    InputState state =
        new InputState(
            exchange,
            lease,
            done -> {
              running.remove(done);
              pool.release(lease);
            },
            now + TimeUnit.SECONDS.toNanos(function.scaling().timeout()),
            arrived + gatewayTimeoutNanos);
    running.add(state);
    exchange.putAttachment(InputState.KEY, state);
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          state.release();
          next.proceed();
        });
    exchange.putAttachment(CONTAINER_ID, lease.containerId());
    exchange.putAttachment(COLD_START, lease.coldStart());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(appLoader);
    if (blocking) {
      state.runner(thread);
    }
    try {
      // Failures the app reports later, from its own callbacks, end the exchange without a
      // response: answer those here too.
      exchange.addDefaultResponseListener(this::answerUnanswered);
      lease.container().serving(function.name()).handler().handleRequest(exchange);
    } catch (Throwable failure) {
      answerFailure(exchange, failure);
    } finally {
      if (blocking) {
        boolean held;
        synchronized (state) {
          state.runner(null);
          held = state.runnerHeld();
        }
        if (state.phase() == InputState.Phase.TIMED_OUT) {
          answerTimeout(exchange, state); // the interrupted code gave up: answer in its place
        }
        Thread.interrupted(); // a timeout's interrupt that came late is not the next task's
        if (held) {
          state.release(); // the abandoned code is back: its container may stop now
        }
      }
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * The autoscaler's round: inputs past the gateway's limit or the function's timeout are handed to
   * their exchange's I/O thread. Deadlines are so checked every round (100 ms).
   */
  public void sweep(long now) {
    for (InputState state : running) {
      if (!state.limitSeen && now - state.limitAt >= 0) {
        state.limitSeen = true;
        state.exchange.getIoThread().execute(() -> pastGatewayLimit(state.exchange, state));
      }
      if (!state.timeoutSeen && now - state.timeoutAt >= 0) {
        state.timeoutSeen = true;
        state.exchange.getIoThread().execute(() -> timedOut(state.exchange, state, state.lease));
      }
    }
  }

  /**
   * The function's timeout: the cloud answers 500 and abandons the input. The container takes no
   * more inputs and a fresh one may start at once; it stops when the abandoned code returns.
   */
  private void timedOut(HttpServerExchange exchange, InputState state, ContainerPool.Lease lease) {
    if (exchange.isComplete() && state.runner() == null) {
      return; // it ended as the timer fired
    }
    InputState.Phase phase = state.phase();
    if (phase == InputState.Phase.TIMED_OUT || !state.move(phase, InputState.Phase.TIMED_OUT)) {
      return;
    }
    log.warn(
        "input "
            + input(exchange)
            + " ran past its timeout of "
            + function.scaling().timeout()
            + " s: answered 500 and abandoned; its container "
            + lease.containerId()
            + " is replaced");
    pool.retire(lease, "an input ran past the function's timeout");
    boolean running;
    synchronized (state) {
      Thread runner = state.runner();
      running = runner != null;
      if (running) {
        state.markRunnerHeld(state.holdForRunner());
        runner.interrupt();
      }
    }
    switch (phase) {
      case DIVERTED ->
          state
              .call()
              .complete(
                  new FunctionCall.Reply(
                      500,
                      List.of(),
                      PlainText.CONTENT_TYPE,
                      TIMEOUT_BODY.getBytes(StandardCharsets.UTF_8)));
      case ANSWERING -> IoUtils.safeClose(exchange.getConnection()); // half an answer went out
      default -> {
        if (running) {
          // The interrupted code answers through serve() when it gives up. Code that ignores
          // interrupts gets a grace second; then a FastAPI endpoint (whose answer the emulator
          // writes) gets the 500, and an app, which may be writing itself, its connection cut.
          exchange
              .getIoThread()
              .executeAfter(
                  () -> {
                    if (state.runner() != null && !divertible) {
                      IoUtils.safeClose(exchange.getConnection());
                    } else {
                      exchange
                          .getConnection()
                          .getWorker()
                          .execute(() -> answerTimeout(exchange, state));
                    }
                  },
                  TIMEOUT_GRACE_MILLIS,
                  TimeUnit.MILLISECONDS);
        } else {
          // No thread of the app's is in serve(): answer on the exchange's own I/O thread, where
          // an asynchronous handler (a web server's proxy) does its writing.
          exchange.getIoThread().execute(() -> answerTimeout(exchange, state));
        }
      }
    }
  }

  private static void answerTimeout(HttpServerExchange exchange, InputState state) {
    if (exchange.isComplete() || !state.claimTimeoutAnswer()) {
      return;
    }
    if (exchange.isResponseStarted()) {
      IoUtils.safeClose(exchange.getConnection());
    } else {
      exchange.getResponseHeaders().clear();
      PlainText.send(exchange, 500, TIMEOUT_BODY);
    }
  }

  /** The gateway's limit on waiting for response headers: a 303 to the result URL. */
  private void pastGatewayLimit(HttpServerExchange exchange, InputState state) {
    if (exchange.isResponseStarted() || state.phase() != InputState.Phase.RUNNING) {
      return;
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(gatewayTimeoutNanos);
    if (!divertible) {
      log.warn(
          "request "
              + input(exchange)
              + " has had no response headers for "
              + seconds
              + " s: the cloud would answer 303 with a result URL now, but the emulator does that"
              + " for @FastapiEndpoint only; this request keeps waiting");
      return;
    }
    if (state.overdue(() -> divert(exchange, state))) {
      divert(exchange, state);
    }
  }

  /** The 303: the function goes on, and its answer waits at the result URL. */
  private void divert(HttpServerExchange exchange, InputState state) {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(gatewayTimeoutNanos);
    FunctionCall call = calls.create(function.name());
    state.divertTo(call);
    if (exchange.isResponseStarted()
        || !state.move(InputState.Phase.RUNNING, InputState.Phase.DIVERTED)) {
      return;
    }
    calls.register(call);
    String query = exchange.getQueryString();
    String location =
        exchange.getRequestURL()
            + "?"
            + (query.isEmpty() ? "" : query + "&")
            + CALL_ID_PARAMETER
            + "="
            + call.id();
    log.info(
        "request "
            + input(exchange)
            + " has had no response for "
            + seconds
            + " s: 303 to its result URL (call "
            + call.id()
            + ")");
    exchange
        .getConnection()
        .getWorker()
        .execute(
            () -> {
              exchange.getResponseHeaders().clear();
              exchange.getResponseHeaders().put(Headers.LOCATION, location);
              exchange.setStatusCode(303);
              exchange.setResponseContentLength(0);
              exchange.endExchange();
            });
  }

  /** A GET of a result URL: waits for the call's result, then sends it; repeatable. */
  private void answerCall(HttpServerExchange exchange, String id) {
    FunctionCall call = calls.find(id);
    if (call == null || !call.function().equals(function.name())) {
      PlainText.send(
          exchange,
          404,
          "modal-http: no function call "
              + id
              + " of this function (the emulator keeps the latest "
              + FunctionCalls.CAPACITY
              + ")");
      return;
    }
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () -> call.reply().thenAccept(reply -> exchange.dispatch(reply::sendTo)));
  }

  private boolean answerUnanswered(HttpServerExchange exchange) {
    if (exchange.isResponseStarted() || abandoned(exchange)) {
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

  /** {@code GET /path to hello}: how logs name one input. */
  private String input(HttpServerExchange exchange) {
    return exchange.getRequestMethod() + " " + exchange.getRequestPath() + " to " + function.name();
  }

  /** The timeout (or the 303) answered the client: what the function does next is not sent. */
  private static boolean abandoned(HttpServerExchange exchange) {
    InputState state = exchange.getAttachment(InputState.KEY);
    return state != null
        && (state.phase() == InputState.Phase.TIMED_OUT
            || state.phase() == InputState.Phase.DIVERTED);
  }

  private void answerFailure(HttpServerExchange exchange, Throwable failure) {
    if (abandoned(exchange)) {
      log.info("an abandoned input of " + function.name() + " ended with " + failure);
      return;
    }
    boolean tooBig = causedByTooBigBody(failure);
    if (!tooBig) {
      log.error("request " + input(exchange) + " failed", failure);
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
