package io.github.modalemulator.internal.listen;

import io.github.modalemulator.internal.http.BodyLimit;
import io.github.modalemulator.internal.http.BodyTooLargeException;
import io.github.modalemulator.internal.http.MalformedBodyException;
import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.AttachmentKey;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Watches one HTTP/1 connection from below Undertow's parser, on the bytes as they are read:
 *
 * <ul>
 *   <li>a request whose headers have begun but not ended within the header timeout gets {@code 408
 *       Request Timeout}, then the connection closes (Undertow's own timeout only closes it, so the
 *       client can't tell a slow upload from a crash). A connection with no request begun is closed
 *       silently after the idle timeout, by Undertow;
 *   <li>each request line is read as it came ({@link RequestLine}): its version, and a {@code %}
 *       that starts no escape handed on to the parser as {@code %25};
 *   <li>while a chunked body is read, its chunk sizes are checked against the body limit and the
 *       grammar ({@link ChunkScanner}).
 * </ul>
 *
 * The request handler tells it where requests begin ({@link ProtocolGate}); it stands aside for
 * good once the connection speaks HTTP/2 or a WebSocket, but for HTTP/2 with prior knowledge, which
 * it closes after the idle timeout (Undertow's own doesn't reach such a connection).
 */
final class ConnectionWatch extends AbstractStreamSourceConduit<StreamSourceConduit>
    implements ExchangeCompletionListener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatch.class);
  private static final AttachmentKey<ConnectionWatch> KEY =
      AttachmentKey.create(ConnectionWatch.class);

  /**
   * The watch whose connection this I/O thread read from last: a connection's first request is
   * parsed from bytes read just before the request handler runs, on the same thread, which is how
   * the handler finds the watch of a connection it has not seen.
   */
  private static final ThreadLocal<ConnectionWatch> LAST_READ = new ThreadLocal<>();

  private static final byte[] PREFACE = "PRI ".getBytes(StandardCharsets.ISO_8859_1);

  private static final byte[] REQUEST_TIMEOUT = requestTimeout();

  private static byte[] requestTimeout() {
    String body = "modal-http: request headers were not received in time";
    return ("HTTP/1.1 408 Request Timeout\r\n"
            + "content-type: "
            + PlainText.CONTENT_TYPE
            + "\r\ncontent-length: "
            + body.length()
            + "\r\nconnection: close\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private enum Phase {
    /** Between requests, nothing of the next one read yet. */
    WAITING,
    /** The next request's head is arriving: the header clock runs. */
    HEADERS,
    /** A request is being served. */
    REQUEST,
    /** Not HTTP/1 any more (HTTP/2, WebSocket), or closed: nothing to watch. */
    OFF
  }

  private final StreamConnection connection;
  private final StreamSinkConduit rawSink;
  private final long headerNanos;
  private final long idleNanos;
  private boolean active; // read or wrote since the idle clock's last look (HTTP/2 only)
  private volatile Phase phase = Phase.WAITING;
  private long headersSince; // guarded by this
  private XnioExecutor.Key clock; // guarded by this
  private int prefaceMatched; // bytes of the HTTP/2 preface seen at the start; -1: not HTTP/2
  private RequestLine line; // the request line of the request whose head is being read
  private RequestLine reusable; // the one object line points to, a request at a time
  private byte[] held; // a % at the end of a read, and what followed it: given at the next read
  private ChunkScanner chunks; // while a chunked body is read (or drained), on the I/O thread
  private BodyLimit chunked; // the limit of the body being scanned, told of a refusal
  private boolean bodyRefused; // a chunk size was over the limit: the connection reads no more
  private boolean attached; // the connection carries this watch: LAST_READ is no longer needed

  private ConnectionWatch(StreamConnection connection, long headerMillis, long idleMillis) {
    super(connection.getSourceChannel().getConduit());
    this.connection = connection;
    this.rawSink = connection.getSinkChannel().getConduit();
    this.headerNanos = TimeUnit.MILLISECONDS.toNanos(headerMillis);
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
  }

  /** Puts a watch under a connection just accepted, before Undertow wraps it. */
  static void install(StreamConnection connection, long headerMillis, long idleMillis) {
    ConnectionWatch watch = new ConnectionWatch(connection, headerMillis, idleMillis);
    connection.getSourceChannel().setConduit(watch);
    connection.getSinkChannel().setConduit(new Activity(watch.rawSink, watch));
  }

  /**
   * A timer's task that holds this watch weakly. A connection closed before its timer is due would
   * otherwise stay reachable until then, with all its parser holds: about 2 MiB after a request of
   * 900 KiB of headers, kept for the whole header timeout, which 40 such requests in 3 s turned
   * into 88 MiB of a 128 MiB heap. An open connection holds its watch itself.
   */
  private Runnable weakly(Consumer<ConnectionWatch> task) {
    WeakReference<ConnectionWatch> watch = new WeakReference<>(this);
    return () -> {
      ConnectionWatch alive = watch.get();
      if (alive != null) {
        task.accept(alive);
      }
    };
  }

  /** Notes that the connection wrote, for the idle clock of HTTP/2 with prior knowledge. */
  private static final class Activity extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private final ConnectionWatch watch;

    Activity(StreamSinkConduit next, ConnectionWatch watch) {
      super(next);
      this.watch = watch;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      watch.active = true;
      return next.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
      watch.active = true;
      return next.write(srcs, offs, len);
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
      watch.active = true;
      return next.writeFinal(src);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
      watch.active = true;
      return next.writeFinal(srcs, offs, len);
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
      watch.active = true;
      return next.transferFrom(src, position, count);
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
        throws IOException {
      watch.active = true;
      return next.transferFrom(source, count, throughBuffer);
    }
  }

  /** The watch of the connection a request came on; null if it has none (HTTP/2). */
  static ConnectionWatch of(HttpServerConnection connection) {
    ConnectionWatch watch = connection.getAttachment(KEY);
    if (watch == null) {
      ConnectionWatch last = LAST_READ.get();
      if (last != null && last.connection == connection.getChannel()) {
        connection.putAttachment(KEY, last);
        last.attached = true;
        watch = last;
      }
    }
    return watch;
  }

  /**
   * A request's head has been parsed: it is being served (on the connection's I/O thread).
   *
   * @return its request line as read, if it was read here (not with an earlier request)
   */
  RequestLine requestStarted(HttpServerExchange exchange) {
    if (phase == Phase.OFF) {
      return null;
    }
    phase = Phase.REQUEST;
    chunks = null; // the previous body was read to its end, or the connection would be closed
    chunked = null;
    exchange.addExchangeCompleteListener(this);
    RequestLine read = line;
    line = null;
    return read != null && read.done() ? read : null;
  }

  @Override
  public void exchangeEvent(HttpServerExchange exchange, NextListener nextListener) {
    try {
      // A chunk scanner stays on: Undertow drains a body its handler left unread, and a size
      // that its reader would misread there would make the body's tail a request of its own.
      if (exchange.getStatusCode() == 101) {
        phase = Phase.OFF; // upgraded: the bytes are HTTP/2 frames or WebSocket messages now
      } else if (phase != Phase.OFF) {
        phase = Phase.WAITING;
        HttpServerConnection http = (HttpServerConnection) exchange.getConnection();
        if (http.getExtraBytes() != null) {
          headersBegun(); // a pipelined request's first bytes are already in
        }
      }
    } finally {
      nextListener.proceed();
    }
  }

  /**
   * A chunked body is about to be read. Undertow may hold its first bytes already, read with the
   * head; they are checked here, the rest as they are read.
   *
   * @throws BodyTooLargeException if a chunk size in what was read is over the limit
   * @throws MalformedBodyException if the framing in what was read is broken
   */
  void expectChunks(HttpServerExchange exchange, BodyLimit limit)
      throws BodyTooLargeException, MalformedBodyException {
    ChunkScanner scanner = new ChunkScanner(limit.bytes());
    HttpServerConnection http = (HttpServerConnection) exchange.getConnection();
    if (http.getExtraBytes() != null) {
      ByteBuffer held = http.getExtraBytes().getBuffer();
      scanner.scan(held, held.position(), held.limit());
    }
    if (!scanner.done()) {
      chunks = scanner;
      chunked = limit;
    }
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (bodyRefused) {
      return -1;
    }
    int start = dst.position();
    int carried = 0;
    if (held != null && dst.remaining() < held.length) {
      return 0; // the held bytes go first, once the parser has made room
    }
    if (held != null) {
      dst.put(held); // the tail of the request line held back from the last read
      carried = held.length;
      held = null;
    }
    int read = next.read(dst);
    if (read < 0) {
      return carried > 0 ? carried : read; // the end comes at the next read
    }
    if (read > 0) {
      active = true;
    }
    if (read > 0 && phase != Phase.OFF) {
      if (!seen(dst, start + carried, dst.position())) {
        dst.position(start);
        return 0; // nothing for the chunk reader: the counter above it throws the refusal
      }
    }
    int total = read + carried;
    if (total > 0 && line != null && !line.done()) {
      int end = line.scan(dst, start, dst.position());
      total += end - dst.position();
      dst.position(end);
      if (line.heldFrom() >= 0) {
        held = new byte[end - line.heldFrom()];
        dst.get(line.heldFrom(), held);
        dst.position(line.heldFrom());
        total -= held.length;
      }
    }
    return total;
  }

  @Override
  public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
    if (bodyRefused) {
      return -1;
    }
    if (held != null) {
      return len == 0 ? 0 : read(dsts[offs]); // the held tail of a request line goes first
    }
    if (phase == Phase.OFF) {
      return next.read(dsts, offs, len);
    }
    int[] starts = new int[len];
    for (int i = 0; i < len; i++) {
      starts[i] = dsts[offs + i].position();
    }
    long read = next.read(dsts, offs, len);
    if (read > 0) {
      active = true;
      for (int i = 0; i < len; i++) {
        ByteBuffer buffer = dsts[offs + i];
        if (buffer.position() > starts[i] && !seen(buffer, starts[i], buffer.position())) {
          for (int j = 0; j < len; j++) {
            dsts[offs + j].position(starts[j]);
          }
          return 0;
        }
      }
    }
    return read;
  }

  @Override
  public long transferTo(long position, long count, FileChannel target) throws IOException {
    if (phase == Phase.OFF && held == null) {
      return next.transferTo(position, count, target);
    }
    return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
  }

  @Override
  public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target)
      throws IOException {
    if (phase == Phase.OFF && held == null) {
      return next.transferTo(count, throughBuffer, target);
    }
    return Conduits.transfer(this, count, throughBuffer, target);
  }

  /**
   * Takes note of bytes just read.
   *
   * @return false if they hold a chunk size over the limit: the body is refused, and none of its
   *     bytes from here on reach Undertow's chunk reader, which would misread that size
   */
  private boolean seen(ByteBuffer bytes, int from, int to) {
    if (!attached) {
      LAST_READ.set(this); // until the handler has found this watch by its connection
    }
    if (prefaceMatched >= 0 && !notHttp2(bytes, from, to)) {
      phase = Phase.OFF;
      // Undertow's idle timeout doesn't reach a connection that starts as HTTP/2: this one does.
      connection
          .getIoThread()
          .executeAfter(weakly(ConnectionWatch::idleTick), idleNanos, TimeUnit.NANOSECONDS);
      return true;
    }
    if (chunks != null) {
      try {
        chunks.scan(bytes, from, to);
      } catch (BodyTooLargeException | MalformedBodyException refused) {
        chunked.refuse(refused);
        chunks = null;
        chunked = null;
        bodyRefused = true;
        return false;
      }
      if (chunks.done()) {
        chunks = null;
        chunked = null;
      }
    }
    if (phase == Phase.WAITING) {
      headersBegun();
      if (reusable == null) {
        reusable = new RequestLine();
      } else {
        reusable.reset();
      }
      line = reusable;
    }
    return true;
  }

  /**
   * Matches the start of the connection against HTTP/2's preface ({@code PRI * HTTP/2.0}).
   *
   * @return false once the connection is known to be HTTP/2
   */
  private boolean notHttp2(ByteBuffer bytes, int from, int to) {
    for (int i = from; i < to && prefaceMatched < PREFACE.length; i++) {
      if (bytes.get(i) != PREFACE[prefaceMatched]) {
        prefaceMatched = -1;
        return true;
      }
      prefaceMatched++;
    }
    return prefaceMatched < PREFACE.length;
  }

  private synchronized void headersBegun() {
    phase = Phase.HEADERS;
    headersSince = System.nanoTime();
    if (clock == null) {
      clock =
          connection
              .getIoThread()
              .executeAfter(weakly(ConnectionWatch::tick), headerNanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The idle clock of an HTTP/2 connection with prior knowledge: closed once a whole idle timeout
   * went by without a byte read or written, as Undertow closes an idle HTTP/1 or h2c connection.
   */
  private void idleTick() {
    if (!connection.isOpen()) {
      return;
    }
    if (active) {
      active = false;
      connection
          .getIoThread()
          .executeAfter(weakly(ConnectionWatch::idleTick), idleNanos, TimeUnit.NANOSECONDS);
      return;
    }
    LOG.debug("An HTTP/2 connection was idle for {} ms; closed", idleNanos / 1_000_000);
    IoUtils.safeClose(connection);
  }

  /** The header clock: one timer a connection, moved on while requests keep their time. */
  private void tick() {
    long left;
    synchronized (this) {
      clock = null;
      if (phase != Phase.HEADERS) {
        return;
      }
      left = headersSince + headerNanos - System.nanoTime();
      if (left > 0) {
        clock =
            connection
                .getIoThread()
                .executeAfter(weakly(ConnectionWatch::tick), left, TimeUnit.NANOSECONDS);
        return;
      }
      phase = Phase.OFF;
    }
    LOG.debug("A request's headers took longer than {} ms; answered 408", headerNanos / 1_000_000);
    try {
      rawSink.write(ByteBuffer.wrap(REQUEST_TIMEOUT));
      rawSink.flush();
    } catch (IOException gone) {
      // the client left: closing is all that is left to do
    }
    IoUtils.safeClose(connection);
  }
}
