package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.internal.http.BodyLimit;
import io.github.modalemulator.internal.http.BodyTooLargeException;
import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.MalformedBodyException;
import io.github.modalemulator.internal.http.MissingRequest;
import io.github.modalemulator.internal.http.PlainText;
import io.github.modalemulator.internal.http.ReceivedBody;
import io.undertow.io.IoCallback;
import io.undertow.io.Receiver;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Receives a body whole before the function's runtime sees the request, as the cloud's edge does
 * for FastAPI endpoints: on the I/O thread, without blocking, so a slow client holds no worker and
 * no container slot. The body goes to memory, then to a file ({@link ReceivedBody}); a body over
 * the limit gets the cloud's 413, a body whose first bytes don't come in time the cloud's 408
 * ({@link MissingRequest}: the endpoint never runs, as FastAPI's reading of the body fails there
 * first), a body slower than the minimum rate the emulator's 408, and a client that gives up is
 * only logged.
 */
final class BodyReceiveHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BodyReceiveHandler.class);

  /** Closes the connection once an answer is written, rather than read the rest of the body. */
  private static final IoCallback CLOSE =
      new IoCallback() {
        @Override
        public void onComplete(HttpServerExchange exchange, Sender sender) {
          IoUtils.safeClose(exchange.getConnection());
        }

        @Override
        public void onException(HttpServerExchange exchange, Sender sender, IOException e) {
          IoUtils.safeClose(exchange.getConnection());
        }
      };

  private final BodyRules rules;
  private final HttpHandler next;

  BodyReceiveHandler(BodyRules rules, HttpHandler next) {
    this.rules = rules;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isRequestComplete() || exchange.getRequestContentLength() == 0) {
      Hop.to(next, exchange);
      return;
    }
    // The function holds the body whole: its limit may be lower than the edge's.
    BodyLimit limit = BodyLimit.on(exchange, rules.limit());
    if (!limit.allows(exchange.getRequestContentLength())) {
      BodyLimit.answer(exchange);
      return;
    }
    new Receiving(exchange, limit).start();
  }

  /** One body on its way in; every callback runs on the exchange's I/O thread. */
  private final class Receiving implements Receiver.PartialBytesCallback, Receiver.ErrorCallback {
    private final HttpServerExchange exchange;
    private final BodyLimit limit;
    private final ReceivedBody body = new ReceivedBody(rules.memoryThreshold());
    private XnioExecutor.Key rateCheck;
    private XnioExecutor.Key firstBytesCheck;
    private long checkedAt;
    private boolean done;

    Receiving(HttpServerExchange exchange, BodyLimit limit) {
      this.exchange = exchange;
      this.limit = limit;
    }

    void start() {
      exchange.addExchangeCompleteListener(
          (ex, nextListener) -> {
            body.close();
            nextListener.proceed();
          });
      scheduleRateCheck();
      firstBytesCheck =
          exchange
              .getIoThread()
              .executeAfter(
                  this::checkFirstBytes, rules.firstBytes().toMillis(), TimeUnit.MILLISECONDS);
      exchange.getRequestReceiver().receivePartialBytes(this, this);
    }

    private void scheduleRateCheck() {
      if (rules.minBytesPerSecond() > 0) {
        rateCheck =
            exchange
                .getIoThread()
                .executeAfter(this::checkRate, rules.window().toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    private void checkFirstBytes() {
      if (done || body.size() > 0) {
        return;
      }
      finish();
      exchange.getRequestReceiver().pause();
      exchange.setPersistent(false);
      exchange.setStatusCode(MissingRequest.STATUS).setReasonPhrase(MissingRequest.REASON);
      exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
      byte[] body = MissingRequest.BODY.getBytes(StandardCharsets.UTF_8);
      exchange.setResponseContentLength(body.length);
      exchange.getResponseSender().send(ByteBuffer.wrap(body), CLOSE);
    }

    private void checkRate() {
      if (done) {
        return;
      }
      if (body.size() - checkedAt < rules.minBytesPerWindow()) {
        finish();
        exchange.getRequestReceiver().pause();
        refuse(
            408,
            "modal-http: request body arrived slower than "
                + rules.minBytesPerSecond()
                + " bytes per second for "
                + rules.window().toMillis()
                + " ms");
        return;
      }
      checkedAt = body.size();
      scheduleRateCheck();
    }

    @Override
    public void handle(HttpServerExchange ex, byte[] bytes, boolean last) {
      if (done) {
        return;
      }
      try {
        body.append(bytes);
      } catch (IOException e) {
        finish();
        LOG.warn("A request body could not be kept in a temporary file: {}", e.toString());
        // As much as could be kept is the limit this body met.
        BodyLimit.on(ex, body.size() - bytes.length);
        BodyLimit.answer(ex, CLOSE);
        return;
      }
      if (!limit.allows(body.size())) {
        // Counted as read already when the body declared no length; this is the backstop.
        finish();
        ex.getRequestReceiver().pause();
        BodyLimit.answer(ex, CLOSE);
        return;
      }
      if (last) {
        finish();
        ex.putAttachment(ReceivedBody.KEY, body);
        try {
          Hop.to(next, ex);
        } catch (Exception e) {
          LOG.error("The function's runtime failed to take a request", e);
          if (!ex.isResponseStarted()) {
            PlainText.send(ex, 500, PlainText.INTERNAL_SERVER_ERROR);
          }
        }
      }
    }

    @Override
    public void error(HttpServerExchange ex, IOException e) {
      if (done) {
        return;
      }
      finish();
      if (e instanceof BodyTooLargeException) {
        BodyLimit.answer(ex); // counted as the body came: nothing more of it is read
        return;
      }
      if (e instanceof MalformedBodyException) {
        BodyLimit.refuseTheRest(ex);
        PlainText.send(ex, 400, e.getMessage());
        return;
      }
      // The client went away or broke the framing mid-body: its fault, nobody left to answer.
      LOG.debug("A request body ended early ({}); the connection is closed", e.toString());
      IoUtils.safeClose(ex.getConnection());
    }

    private void finish() {
      done = true;
      if (rateCheck != null) {
        rateCheck.remove();
      }
      firstBytesCheck.remove();
    }

    /** Answers and closes: the rest of the body is never read. */
    private void refuse(int status, String text) {
      exchange.setPersistent(false);
      exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
      PlainText.send(exchange, status, text, CLOSE);
    }
  }
}
