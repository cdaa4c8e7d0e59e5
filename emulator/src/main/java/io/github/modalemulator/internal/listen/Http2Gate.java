package io.github.modalemulator.internal.listen;

import io.github.modalemulator.internal.http.Hop;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.ConduitFactory;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The first handler of every HTTP/2 request: its fields checked as strictly as Undertow's HTTP/1
 * parser checks a request's, before anything of a function runs or a byte is forwarded.
 *
 * <p>Undertow's HTTP/2 reader resets a stream whose field names aren't lower-case tokens, or that
 * carries {@code connection}, {@code transfer-encoding} or a {@code te} other than {@code
 * trailers}; it passes values as they came. A {@code @WebServer}'s backend reads them on HTTP/1.1,
 * where a CR or LF in a value ends the line: {@code x-a: "a\r\n\r\nGET /other HTTP/1.1..."} was a
 * second request, whose answer went to the next client of that pooled connection. So this gate
 * answers {@code 400} (RFC 9113, 8.2.1 and 8.2.2: the request is malformed) to a value with NUL, CR
 * or LF, or that begins or ends with a space or tab, and to the connection-specific fields {@code
 * keep-alive}, {@code proxy-connection} and {@code upgrade}. Trailers come after the body, once the
 * request is on its way: a malformed trailer section is dropped whole.
 *
 * <p>An HTTP/1 request passes at the cost of one type check: its head went through Undertow's
 * parser and {@link ProtocolGate}.
 */
final class Http2Gate implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Http2Gate.class);

  /** On an upgraded connection: its first request was the upgrade's, read as HTTP/1.1. */
  private static final AttachmentKey<Boolean> UPGRADE_SEEN = AttachmentKey.create(Boolean.class);

  private static final HttpString KEEP_ALIVE = new HttpString("keep-alive");
  private static final HttpString PROXY_CONNECTION = new HttpString("proxy-connection");
  private static final HttpString UPGRADE = new HttpString("upgrade");

  /** At the body's end, drops a trailer section that a backend would misread. */
  private static final ConduitWrapper<StreamSourceConduit> TRAILERS_CHECKED =
      (ConduitFactory<StreamSourceConduit> factory, HttpServerExchange exchange) ->
          new TrailersChecked(factory.create(), exchange);

  private final HttpHandler next;
  private final boolean upgraded;

  /**
   * @param upgraded whether the requests come on connections upgraded from HTTP/1.1 (h2c), whose
   *     first request is the upgrade request itself, checked as HTTP/1.1 with its connection fields
   */
  Http2Gate(HttpHandler next, boolean upgraded) {
    this.next = next;
    this.upgraded = upgraded;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!(exchange.getConnection() instanceof Http2ServerConnection connection)) {
      Hop.to(next, exchange);
      return;
    }
    // The upgrade's request is handled at once on the I/O thread, before the connection reads
    // any frame, and always comes here (ProtocolGate removes Undertow's connect-only field): the
    // first request an upgraded connection brings is that one, whose head was HTTP/1.1 with its
    // Connection and Upgrade fields. Its values are checked all the same.
    boolean upgradeRequest = upgraded && connection.getAttachment(UPGRADE_SEEN) == null;
    if (upgradeRequest) {
      connection.putAttachment(UPGRADE_SEEN, Boolean.TRUE);
    }
    String malformed = malformed(exchange.getRequestHeaders(), !upgradeRequest);
    if (malformed != null) {
      LOG.debug("An HTTP/2 request was refused: {}", malformed);
      PlainText.send(exchange, 400, "modal-http: " + malformed);
      return;
    }
    if (!exchange.isRequestComplete()) {
      exchange.addRequestWrapper(TRAILERS_CHECKED);
    }
    Hop.to(next, exchange);
  }

  /**
   * Why the fields are malformed, naming the field; null if they are not.
   *
   * @param http2Head whether they came in HTTP/2 frames, where connection-specific fields have no
   *     place (the upgrade's request came as HTTP/1.1)
   */
  static String malformed(HeaderMap fields, boolean http2Head) {
    for (long at = fields.fastIterateNonEmpty(); at != -1L; at = fields.fiNextNonEmpty(at)) {
      HeaderValues values = fields.fiCurrent(at);
      HttpString name = values.getHeaderName();
      if (http2Head
          && (name.equals(KEEP_ALIVE) || name.equals(PROXY_CONNECTION) || name.equals(UPGRADE))) {
        return "the connection-specific field " + name + " is not allowed in HTTP/2";
      }
      for (String value : values) {
        String why = malformedValue(value);
        if (why != null) {
          return "the value of the field " + name + " " + why;
        }
      }
    }
    return null;
  }

  private static String malformedValue(String value) {
    int length = value.length();
    if (length == 0) {
      return null;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return "contains a CR, LF or NUL";
      }
    }
    char first = value.charAt(0);
    char last = value.charAt(length - 1);
    if (first == ' ' || first == '\t' || last == ' ' || last == '\t') {
      return "begins or ends with white space";
    }
    return null;
  }

  private static final class TrailersChecked
      extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final HttpServerExchange exchange;

    TrailersChecked(StreamSourceConduit next, HttpServerExchange exchange) {
      super(next);
      this.exchange = exchange;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      int read = next.read(dst);
      if (read < 0) {
        ended();
      }
      return read;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
      long read = next.read(dsts, offs, len);
      if (read < 0) {
        ended();
      }
      return read;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
      return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target)
        throws IOException {
      return Conduits.transfer(this, count, throughBuffer, target);
    }

    private void ended() {
      HeaderMap trailers = exchange.getAttachment(HttpAttachments.REQUEST_TRAILERS);
      if (trailers == null) {
        return;
      }
      String malformed = malformed(trailers, true);
      if (malformed != null) {
        LOG.debug("An HTTP/2 request's trailers were dropped: {}", malformed);
        exchange.removeAttachment(HttpAttachments.REQUEST_TRAILERS);
      }
    }
  }
}
