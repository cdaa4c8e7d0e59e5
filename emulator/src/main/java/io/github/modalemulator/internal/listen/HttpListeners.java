package io.github.modalemulator.internal.listen;

import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2UpgradeHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The HTTP listeners, bound on the emulator's own worker the way Undertow's builder binds them,
 * with two differences that need a place below Undertow's handlers: every connection gets a {@link
 * WatchedConnection} (a 408 for headers that don't arrive in time, chunk sizes checked against the
 * body limit), and the first handler of a request, {@link ProtocolGate}, runs before Undertow's h2c
 * upgrade, so that a bad {@code HTTP2-Settings} is a 400 and not Undertow's 500. Every HTTP/2
 * request, with prior knowledge or upgraded, meets {@link Http2Gate} before anything else.
 *
 * <p>URLs reach the handlers undecoded (Undertow's parser refuses a {@code %} that starts no escape
 * with an empty 400, where the cloud's Starlette passes it on as text); {@link UrlDecoding} decodes
 * them for HTTP/1 and HTTP/2 alike.
 */
public final class HttpListeners implements AutoCloseable {
  /** What a listener needs; the handler is the emulator's, after the protocol checks. */
  public record Spec(int port, String bindAddress, HttpHandler handler) {}

  /** How connections are watched. */
  public record Limits(Duration headerTimeout, Duration idleTimeout, long bodyLimit) {}

  private final List<AcceptingChannel<? extends StreamConnection>> channels = new ArrayList<>();
  private final List<HttpOpenListener> openListeners = new ArrayList<>();
  private final ByteBufferPool buffers;
  private final XnioWorker worker;

  private HttpListeners(ByteBufferPool buffers, XnioWorker worker) {
    this.buffers = buffers;
    this.worker = worker;
  }

  /**
   * Binds every listener; on a failure, those already bound are closed again.
   *
   * @throws IOException when an address can't be bound
   */
  public static HttpListeners bind(XnioWorker worker, Limits limits, List<Spec> specs)
      throws IOException {
    HttpListeners listeners = new HttpListeners(bufferPool(), worker);
    try {
      for (Spec spec : specs) {
        listeners.bindOne(worker, limits, spec);
      }
      return listeners;
    } catch (IOException | RuntimeException e) {
      listeners.close();
      throw e;
    }
  }

  private void bindOne(XnioWorker worker, Limits limits, Spec spec) throws IOException {
    OptionMap options =
        OptionMap.builder()
            .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
            // The edge enforces the body limit itself, so a client over it gets a 413 (Undertow's
            // own limit, 2 MiB by default, would cut the connection instead).
            .set(UndertowOptions.MAX_ENTITY_SIZE, 0L)
            // The watch answers slow headers with a 408 first; Undertow's own timeout, a little
            // later, stays as the backstop that closes the connection whatever happens.
            .set(
                UndertowOptions.REQUEST_PARSE_TIMEOUT,
                (int) limits.headerTimeout().plusSeconds(2).toMillis())
            .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) limits.idleTimeout().toMillis())
            .set(UndertowOptions.IDLE_TIMEOUT, (int) limits.idleTimeout().toMillis())
            .set(UndertowOptions.ENABLE_HTTP2, true)
            .set(UndertowOptions.DECODE_URL, false)
            .set(UndertowOptions.RECORD_REQUEST_START_TIME, false)
            .getMap();
    HttpOpenListener open = new HttpOpenListener(buffers, options);
    HttpHandler decoding = new UrlDecoding(spec.handler());
    // Streams of an upgraded (h2c) connection start at the upgrade handler's next, those with
    // prior knowledge at the root: each way meets a gate first.
    open.setRootHandler(
        new ProtocolGate(
            limits.bodyLimit(),
            new Http2UpgradeHandler(new Http2Gate(decoding, true)),
            new Http2Gate(decoding, false),
            decoding));
    long headerMillis = limits.headerTimeout().toMillis();
    long idleMillis = limits.idleTimeout().toMillis();
    ChannelListener<StreamConnection> watched =
        connection -> {
          WatchedSource.install(connection, headerMillis, idleMillis);
          open.handleEvent(connection);
        };
    OptionMap socketOptions =
        OptionMap.builder()
            .set(Options.TCP_NODELAY, true)
            .set(Options.REUSE_ADDRESSES, true)
            .set(Options.BALANCING_TOKENS, 1)
            .set(Options.BALANCING_CONNECTIONS, 2)
            .set(Options.BACKLOG, 1000)
            .getMap();
    AcceptingChannel<? extends StreamConnection> channel =
        worker.createStreamConnectionServer(
            new InetSocketAddress(InetAddress.getByName(spec.bindAddress()), spec.port()),
            ChannelListeners.openListenerAdapter(watched),
            socketOptions);
    channels.add(channel);
    openListeners.add(open);
    channel.resumeAccepts();
  }

  /** Undertow's choice of buffers for the heap at hand. */
  private static ByteBufferPool bufferPool() {
    long heap = Runtime.getRuntime().maxMemory();
    if (heap < 64L * 1024 * 1024) {
      return new DefaultByteBufferPool(false, 512, -1, 4);
    }
    if (heap < 128L * 1024 * 1024) {
      return new DefaultByteBufferPool(true, 1024, -1, 4);
    }
    return new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
  }

  /** The bound ports, in the order of the listeners. */
  public List<Integer> ports() {
    return channels.stream()
        .map(channel -> channel.getLocalAddress(InetSocketAddress.class).getPort())
        .toList();
  }

  /**
   * Stops accepting and closes the connections left. The buffers stay: a proxy's connections to a
   * web server take theirs from this pool too, and they close only when the containers stop.
   */
  public void stopAccepting() {
    channels.forEach(IoUtils::safeClose);
    openListeners.forEach(HttpOpenListener::closeConnections);
  }

  /** Stops accepting, closes the connections left, frees the buffers. */
  @Override
  public void close() {
    stopAccepting();
    // Undertow only queues each close on its connection's I/O thread, and a close ends the
    // exchange left open there, which takes buffers from this pool (a servlet's unread body is
    // drained, a response head written; a proxy's connection to a web server that just stopped
    // reads its end): the pool closes once those tasks have run, or each of them logs UT000131
    // "Buffer pool is closed" at ERROR.
    awaitQueuedTasks();
    buffers.close();
  }

  /** Waits, a second at most, for the tasks queued on the I/O threads so far. */
  private void awaitQueuedTasks() {
    int threads = worker.getIoThreadCount();
    CountDownLatch ran = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      try {
        worker.getIoThread(i).execute(ran::countDown); // runs after the tasks queued before it
      } catch (RejectedExecutionException stopped) {
        ran.countDown();
      }
    }
    try {
      ran.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
