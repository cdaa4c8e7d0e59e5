package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.http.MissingRequest;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.DateUtils;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSinkConduit;

/**
 * One function's deadlines, as the autoscaler's rounds (every 100 ms) find them passed: the
 * function's timeout (the cloud's 500, the input abandoned, its container replaced) and the
 * gateway's limit on a request without response headers (a 303 to the result URL). A timer per
 * request would cost every request; a round costs nothing to a request.
 */
final class Deadlines {
  /** The cloud's answer when an input runs past the function's timeout. */
  static final String TIMEOUT_BODY = "modal-http: internal error: function execution timed out";

  /** How long code that ignores the timeout's interrupt keeps the answer waiting. */
  private static final long TIMEOUT_GRACE_MILLIS = 1000;

  private final FunctionDefinition function;
  private final ContainerPool pool;
  private final FunctionCalls calls;
  private final long gatewayTimeoutNanos;
  private final boolean divertible;
  private final boolean capturing;
  private final long firstMessageNanos;

  /**
   * @param gateway whether an edge is in front (no 303s in container mode)
   * @param firstMessageNanos how long a request's body may take to start once its input runs
   */
  Deadlines(
      FunctionDefinition function,
      ContainerPool pool,
      FunctionCalls calls,
      long gatewayTimeoutNanos,
      boolean gateway,
      long firstMessageNanos) {
    this.function = function;
    this.pool = pool;
    this.calls = calls;
    this.gatewayTimeoutNanos = gatewayTimeoutNanos;
    this.firstMessageNanos = firstMessageNanos;
    // The emulator writes a FastAPI endpoint's answer itself, so it can keep it for later: where
    // it runs in this JVM. Every other answer (an app's, a web server's, a child container JVM's)
    // is written to the exchange by code the emulator doesn't own, and is captured there.
    this.divertible = gateway && function.web().kind().isFastapi() && !pool.inProcesses();
    this.capturing = gateway && !divertible;
  }

  /** The gateway's limit as logs say it: {@code 150 s}, or {@code 300 ms} when shortened. */
  private String limit() {
    return limitText(gatewayTimeoutNanos);
  }

  private static String limitText(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /**
   * Whether the exchange's response is held for a 303 ({@link InputState#capture()}): an app's,
   * over HTTP/1.1, where the edge can answer below the exchange on the connection itself (an HTTP/2
   * stream has no such place).
   */
  boolean captures(HttpServerExchange exchange) {
    return capturing && exchange.getConnection() instanceof HttpServerConnection;
  }

  /** The round's check of one input: each deadline is acted on once, on the exchange's thread. */
  void check(InputState state, long now) {
    HttpServerExchange exchange = state.exchange;
    if (!state.limitSeen && now - state.limitAt >= 0) {
      state.limitSeen = true;
      exchange.getIoThread().execute(() -> pastGatewayLimit(state));
    }
    if (!state.timeoutSeen && state.pastTimeout(now)) {
      state.timeoutSeen = true;
      exchange.getIoThread().execute(() -> timedOut(state));
    }
  }

  /**
   * The function's timeout: the cloud answers 500 and abandons the input. The container takes no
   * more inputs and a fresh one may start at once; it stops when the abandoned code returns.
   */
  private void timedOut(InputState state) {
    InputState.Timeout timeout = state.timeout();
    if (timeout == null) {
      return; // it ended as the round found it
    }
    HttpServerExchange exchange = state.exchange;
    Container container = state.container();
    pool.log()
        .warn(
            "input "
                + FunctionRuntime.describe(exchange, function)
                + " ran past its timeout of "
                + function.scaling().timeout()
                + " s: answered 500 and abandoned; its container "
                + container.id
                + " is replaced");
    pool.retire(container, "an input ran past the function's timeout");
    if (timeout.runnerInterrupted()) {
      state.interruptRunner(); // after the retirement: the code's answer can't come before it
    }
    switch (timeout.before()) {
      case DIVERTED -> {
        if (state.capturing() && !timeout.runnerInterrupted()) {
          // An app's exchange, still open: its 500 goes to the call, and the exchange ends, as
          // the timeout ends any. Interrupted code does the same when it gives up.
          answerTimeout(state);
        }
        state // the call's answer, if the app had begun another
            .call()
            .complete(
                new FunctionCall.Reply(
                    500,
                    List.of(),
                    PlainText.CONTENT_TYPE,
                    TIMEOUT_BODY.getBytes(StandardCharsets.UTF_8)));
      }
      case ANSWERING -> IoUtils.safeClose(exchange.getConnection()); // half an answer went out
      default -> {
        if (timeout.runnerInterrupted()) {
          // The interrupted code answers through the runtime when it gives up. Code that ignores
          // interrupts gets a grace second; then a FastAPI endpoint (whose answer the emulator
          // writes) gets the 500, and an app, which may be writing itself, its connection cut.
          exchange
              .getIoThread()
              .executeAfter(
                  () -> {
                    if (state.runnerRunning() && !divertible) {
                      IoUtils.safeClose(exchange.getConnection());
                    } else {
                      exchange.getConnection().getWorker().execute(() -> answerTimeout(state));
                    }
                  },
                  TIMEOUT_GRACE_MILLIS,
                  TimeUnit.MILLISECONDS);
        } else {
          // No thread of the emulator's runs the code: answer on the exchange's own I/O thread,
          // where an asynchronous handler (an app's, a web server's proxy) does its writing.
          answerTimeout(state);
        }
      }
    }
  }

  /** The timeout's 500, sent once, by whoever comes first: the interrupted code or the grace. */
  static void answerTimeout(InputState state) {
    HttpServerExchange exchange = state.exchange;
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
  private void pastGatewayLimit(InputState state) {
    HttpServerExchange exchange = state.exchange;
    if (exchange.isResponseStarted() || !state.running()) {
      return;
    }
    if (!divertible && !captures(exchange)) {
      pool.log()
          .warn(
              "request "
                  + FunctionRuntime.describe(exchange, function)
                  + " has had no response headers for "
                  + limit()
                  + ": the cloud would answer 303 with a result URL now, but the emulator does"
                  + " that over HTTP/1.1 only, and this request came over HTTP/2; it keeps"
                  + " waiting");
      return;
    }
    if (state.overdue(() -> divert(state))) {
      divert(state);
    }
  }

  /** The 303: the function goes on, and its answer waits at the result URL. */
  private void divert(InputState state) {
    HttpServerExchange exchange = state.exchange;
    FunctionCall call = calls.create(function.name());
    if (exchange.isResponseStarted() || !state.divertTo(call)) {
      return;
    }
    calls.register(call);
    String query = exchange.getQueryString();
    String location =
        exchange.getRequestURL()
            + "?"
            + (query.isEmpty() ? "" : query + "&")
            + FunctionCalls.ID_PARAMETER
            + "="
            + call.id();
    pool.log()
        .info(
            "request "
                + FunctionRuntime.describe(exchange, function)
                + " has had no response for "
                + limit()
                + ": 303 to its result URL (call "
                + call.id()
                + ")");
    if (state.capturing()) {
      exchange.getIoThread().execute(() -> answerBelowExchange(exchange, location));
      return;
    }
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

  /**
   * The 303 for an app that writes its own response: written on the connection under the exchange,
   * whose response channel stays the app's (and goes to its call). Only the sending side is shut:
   * closing the connection would end the exchange, and the app (or the proxy to its server) would
   * stop with it; the connection closes when the exchange ends.
   */
  private void answerBelowExchange(HttpServerExchange exchange, String location) {
    writeBelowExchange(
        exchange,
        "303 See Other",
        "Location: " + location + "\r\nContent-Length: 0\r\n",
        "",
        false);
  }

  /**
   * The request's body should have started by now (its input runs since {@code firstMessage}). An
   * app that took its request channel and has read nothing, with nothing buffered for it: the
   * cloud's client library answers 408 and tells the app its client disconnected, and so does this,
   * by closing the connection (the app's reads and writes fail from then on). An app that has not
   * asked for the body yet is let be: whether the client sent it can't be told without reading it
   * (the cloud's edge would have).
   */
  void firstMessageDue(InputState state) {
    HttpServerExchange exchange = state.exchange;
    if (exchange.isComplete()
        || exchange.isRequestComplete()
        || exchange.isResponseStarted()
        || exchange.isRequestChannelAvailable()
        || state.bodyHasStarted()
        || buffered(exchange)
        || !state.missingRequest()) {
      return;
    }
    pool.log()
        .info(
            "request "
                + FunctionRuntime.describe(exchange, function)
                + " announced a body that had not started "
                + limitText(firstMessageNanos)
                + " after its input began: 408, as the cloud's client library answers, and the app"
                + " sees its client disconnect");
    byte[] body = MissingRequest.BODY.getBytes(StandardCharsets.UTF_8);
    writeBelowExchange(
        exchange,
        MissingRequest.STATUS + " " + MissingRequest.REASON,
        "Content-Length: " + body.length + "\r\n",
        MissingRequest.BODY,
        true);
  }

  /** Body bytes read off the connection already, waiting for the app's first read. */
  private static boolean buffered(HttpServerExchange exchange) {
    PooledByteBuffer extra = ((HttpServerConnection) exchange.getConnection()).getExtraBytes();
    return extra != null && extra.isOpen() && extra.getBuffer().hasRemaining();
  }

  /**
   * Writes a whole response on the connection under the exchange, on its I/O thread, with its
   * fields in Undertow's order, then shuts the sending side, and with {@code endRequest} the
   * receiving side too: the app's next read of the body meets its end, as when a client goes.
   */
  private void writeBelowExchange(
      HttpServerExchange exchange, String status, String fields, String body, boolean endRequest) {
    ResponseCommitListener journal = exchange.getAttachment(InputState.JOURNAL);
    if (journal != null) {
      journal.beforeCommit(exchange); // records it, as the journal does any response
    }
    exchange.setPersistent(false);
    HttpServerConnection connection = (HttpServerConnection) exchange.getConnection();
    String response =
        exchange.getProtocol()
            + " "
            + status
            + "\r\nConnection: close\r\n"
            + fields
            + "Date: "
            + DateUtils.getCurrentDateTime(exchange)
            + "\r\n\r\n"
            + body;
    ByteBuffer bytes = ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1));
    StreamSinkConduit wire = connection.getOriginalSinkConduit();
    try {
      // A response this small fits the socket's buffer: nothing of this exchange went before.
      while (bytes.hasRemaining() && wire.write(bytes) > 0) {}
      if (bytes.hasRemaining()) {
        IoUtils.safeClose(connection);
        return;
      }
      wire.terminateWrites();
      wire.flush();
      if (endRequest) {
        // The app's reads fail from now on (BodyStart): one waiting for the body's bytes is woken
        // to meet that; a blocking reader wakes when the client, told to, closes the connection.
        // (Closing it here would leave that reader waiting: its selector doesn't see the close.)
        ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
        if (source.isReadResumed()) {
          source.wakeupReads();
        }
      }
    } catch (IOException e) {
      pool.log().info("the client was gone before the edge's answer reached it: " + e);
      IoUtils.safeClose(connection);
    }
  }
}
