package io.github.modalemulator.internal.http;

import io.undertow.io.IoCallback;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.io.IOException;

/**
 * The request body limit of one exchange, kept on the exchange as Undertow keeps its own: how many
 * bytes the body may have, how many were counted, and whether the body was refused while it was
 * read. The edge sets it for every request, a FastAPI endpoint (which holds its body whole) lowers
 * it; whatever counts the body records a refusal here and throws it ({@link BodyTooLargeException},
 * or {@link MalformedBodyException} for a chunk framing the connection refused), and {@link
 * #answer} is the one place that answers a body over the limit.
 *
 * <p>Everything here runs on the thread reading the body, one read at a time.
 */
public final class BodyLimit {
  private static final AttachmentKey<BodyLimit> KEY = AttachmentKey.create(BodyLimit.class);

  private final HttpServerExchange exchange;
  private long bytes;
  private long counted;
  private IOException refusal;
  private boolean counting;

  private BodyLimit(HttpServerExchange exchange, long bytes) {
    this.exchange = exchange;
    this.bytes = bytes;
  }

  /**
   * The exchange's limit: attached with {@code bytes} if it has none yet, else lowered to {@code
   * bytes} if that is less (a limit is only ever narrowed on the way to the function).
   */
  public static BodyLimit on(HttpServerExchange exchange, long bytes) {
    BodyLimit limit = exchange.getAttachment(KEY);
    if (limit == null) {
      limit = new BodyLimit(exchange, bytes);
      exchange.putAttachment(KEY, limit);
    } else if (bytes < limit.bytes) {
      limit.bytes = bytes;
    }
    return limit;
  }

  /** The exchange's limit, or null when the edge set none (a request that reached no function). */
  public static BodyLimit of(HttpServerExchange exchange) {
    return exchange.getAttachment(KEY);
  }

  /** Whether the exchange's body went past its limit while it was read. */
  public static boolean exceeded(HttpServerExchange exchange) {
    BodyLimit limit = of(exchange);
    return limit != null && limit.refusal instanceof BodyTooLargeException;
  }

  /** The limit in bytes. */
  public long bytes() {
    return bytes;
  }

  /** Whether a body of {@code size} bytes is within the limit (a negative size is unknown). */
  public boolean allows(long size) {
    return size <= bytes;
  }

  /**
   * Counts a body that declares no length (chunked, or any over HTTP/2) as it is read, failing the
   * read that goes past the limit. (An HTTP/1 request with neither a length nor chunks has no body;
   * one with a length over the limit is refused before it is read.)
   */
  public void countWhileRead() {
    if (!counting
        && exchange.getRequestContentLength() < 0
        && (exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
            || !exchange.getProtocol().toString().startsWith("HTTP/1"))) {
      counting = true;
      exchange.addRequestWrapper((factory, ex) -> new CountingConduit(factory.create(), this));
    }
  }

  /**
   * Counts {@code read} more bytes of the body.
   *
   * @throws BodyTooLargeException once the body is past the limit, which is then its refusal
   */
  void count(long read) throws BodyTooLargeException {
    counted += read;
    if (counted > bytes) {
      BodyTooLargeException tooLarge = new BodyTooLargeException(bytes);
      refuse(tooLarge);
      throw tooLarge;
    }
  }

  /** The limit's exception, made for a body found to be over it before it was counted. */
  public BodyTooLargeException tooLarge() {
    return new BodyTooLargeException(bytes);
  }

  /**
   * Refuses the body where its failure can't be thrown to its reader: below Undertow's chunk
   * reader, which would close the connection with no answer. The next read through the counting
   * conduit throws it instead. The connection is not kept: the rest of the body is never read.
   *
   * @param why a {@link BodyTooLargeException} or a {@link MalformedBodyException}
   */
  public void refuse(IOException why) {
    exchange.setPersistent(false);
    if (refusal == null) {
      refusal = why;
    }
  }

  /**
   * The body's refusal, or null while it is within the limit: a {@link BodyTooLargeException} or a
   * {@link MalformedBodyException}.
   */
  public IOException refusal() {
    return refusal;
  }

  /**
   * Answers the cloud edge's 413 for a body over the exchange's limit, then closes the connection
   * rather than read the rest.
   */
  public static void answer(HttpServerExchange exchange) {
    answer(exchange, IoCallback.END_EXCHANGE);
  }

  /** {@link #answer(HttpServerExchange)}, then {@code then} once the answer is written. */
  public static void answer(HttpServerExchange exchange, IoCallback then) {
    BodyLimit limit = of(exchange);
    if (limit == null) {
      throw new IllegalStateException(
          "a 413 was asked for on an exchange without a body limit: the edge sets one on every"
              + " request it routes to a function, before anything reads the body");
    }
    refuseTheRest(exchange);
    PlainText.send(exchange, 413, limit.tooLargeText(), then);
  }

  /**
   * Before an answer that refuses a body (too large, or its framing broken): nothing more of it is
   * read, and the connection closes after the answer. Over HTTP/1 the request ends here; Undertow
   * would otherwise drain the rest at the exchange's end, through the very read that refused it,
   * and a drain that fails closes the connection without ending the exchange: the request stayed in
   * flight, and the emulator's stop waited its whole stop timeout for it.
   */
  public static void refuseTheRest(HttpServerExchange exchange) {
    exchange.setPersistent(false);
    if (exchange.isHttp11() || exchange.isHttp10()) {
      Connectors.terminateRequest(exchange);
    }
  }

  /**
   * The 413's text: the limit the body went past, which may be higher than the limit in force now
   * (the connection refuses a chunk size against the edge's limit, before a FastAPI endpoint lowers
   * it).
   */
  String tooLargeText() {
    return (refusal instanceof BodyTooLargeException tooLarge ? tooLarge : tooLarge()).getMessage();
  }
}
