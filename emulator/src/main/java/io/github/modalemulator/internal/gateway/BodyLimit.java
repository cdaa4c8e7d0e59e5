package io.github.modalemulator.internal.gateway;

import io.github.modalemulator.internal.http.MalformedBodyException;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.ConduitFactory;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The request body limit for bodies of unknown length (chunked). Undertow's own limit closes the
 * connection mid-request, leaving the client no answer; this one fails the read instead, so the
 * function's runtime can still answer 413. Bodies with a Content-Length are refused up front.
 */
final class BodyLimit implements ConduitWrapper<StreamSourceConduit> {
  private final long limit;

  BodyLimit(long limit) {
    this.limit = limit;
  }

  /**
   * Counts the body of a request that declares no length: a chunked one, or one over HTTP/2. (An
   * HTTP/1 request with neither a length nor chunks has no body.)
   */
  void apply(HttpServerExchange exchange) {
    if (exchange.getRequestContentLength() < 0
        && (exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING)
            || !exchange.getProtocol().toString().startsWith("HTTP/1"))) {
      exchange.addRequestWrapper(this);
    }
  }

  @Override
  public StreamSourceConduit wrap(
      ConduitFactory<StreamSourceConduit> factory, HttpServerExchange exchange) {
    return new Counting(factory.create(), exchange, limit);
  }

  private static final class Counting extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final HttpServerExchange exchange;
    private final long limit;
    private long allowed;
    private boolean exceeded;

    Counting(StreamSourceConduit next, HttpServerExchange exchange, long limit) {
      super(next);
      this.exchange = exchange;
      this.limit = limit;
      this.allowed = limit;
    }

    private long count(long read) throws IOException {
      if (exceeded) {
        return -1; // Undertow drains what's left when the exchange ends: there is nothing more
      }
      if (read == 0) {
        refusedBelow(); // the watch marks a refusal by giving the chunk reader nothing
      }
      if (read > 0) {
        allowed -= read;
        if (allowed < 0) {
          exceeded = true;
          exchange.setPersistent(false); // the rest of the body is never read
          exchange.putAttachment(PlainText.BODY_EXCEEDED, Boolean.TRUE);
          exchange.putAttachment(PlainText.BODY_LIMIT, limit);
          throw new RequestTooBigException(
              "request body is larger than the limit of " + limit + " bytes");
        }
      }
      return read;
    }

    /**
     * Throws what the connection's watch, below Undertow's chunk reader, refused: a chunk size over
     * the limit, or one that is no number.
     */
    private void refusedBelow() throws IOException {
      if (exchange.getAttachment(PlainText.BODY_EXCEEDED) != null) {
        exceeded = true;
        throw new RequestTooBigException(
            "request body is larger than the limit of " + limit + " bytes");
      }
      String malformed = exchange.getAttachment(PlainText.BODY_MALFORMED);
      if (malformed != null) {
        exceeded = true; // nothing more of it is read
        throw new MalformedBodyException(malformed);
      }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return (int) count(next.read(dst));
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
      return count(next.read(dsts, offs, len));
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
      return count(next.transferTo(position, count, target));
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target)
        throws IOException {
      return count(next.transferTo(count, throughBuffer, target));
    }
  }
}
