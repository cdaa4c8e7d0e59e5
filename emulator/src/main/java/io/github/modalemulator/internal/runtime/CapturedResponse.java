package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.http.PlainText;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.WriteReadyHandler;

/**
 * The response of an app whose client was sent a 303: what the app writes to its exchange goes here
 * instead of to the connection, and becomes the {@link FunctionCall}'s reply once the app ends it.
 * Status and headers are the ones the app set when it took the response channel, as Undertow fixes
 * them then. It is always writable; up to {@value #MAX_BODY_BYTES} bytes of body are kept.
 *
 * <p>Its methods run on whichever thread the app writes from, one at a time, as with any conduit.
 */
final class CapturedResponse implements StreamSinkConduit {
  /** The most body a diverted response keeps for its result URL: 16 MiB. */
  static final int MAX_BODY_BYTES = 16 << 20;

  static final String TOO_LARGE_BODY =
      "modal-http: the emulator keeps at most "
          + (MAX_BODY_BYTES >> 20)
          + " MiB of a response for its result URL, and this one was larger";

  /** Fields of one connection, not of the response: the result URL's own answer has its own. */
  private static final Set<HttpString> HOP_BY_HOP =
      Set.of(
          Headers.CONTENT_LENGTH,
          Headers.TRANSFER_ENCODING,
          Headers.CONNECTION,
          Headers.KEEP_ALIVE,
          Headers.DATE);

  private final HttpServerExchange exchange;
  private final FunctionCall call;
  private final FunctionLog log;
  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private boolean tooLarge;
  private boolean shut;
  private WriteReadyHandler ready;
  private volatile boolean resumed;

  CapturedResponse(HttpServerExchange exchange, FunctionCall call, FunctionLog log) {
    this.exchange = exchange;
    this.call = call;
    this.log = log;
    this.status = exchange.getStatusCode();
    List<Map.Entry<String, String>> kept = new ArrayList<>();
    HeaderMap out = exchange.getResponseHeaders();
    for (HeaderValues values : out) {
      if (!HOP_BY_HOP.contains(values.getHeaderName())) {
        for (String value : values) {
          kept.add(Map.entry(values.getHeaderName().toString(), value));
        }
      }
    }
    this.headers = kept;
    // It replaces the conduit of the connection's own channel, whose listeners it calls: that
    // channel gave its handler to the conduit it had first, not to this one.
    this.ready =
        new WriteReadyHandler.ChannelListenerHandler<>(
            ((AbstractServerConnection) exchange.getConnection()).getChannel().getSinkChannel());
  }

  private void checkOpen() throws ClosedChannelException {
    if (shut) {
      throw new ClosedChannelException();
    }
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    checkOpen();
    int n = src.remaining();
    if (call.reply().isDone()) {
      src.position(src.limit()); // the call has its answer from elsewhere (the function's timeout)
      return n;
    }
    if (tooLarge || body.size() + (long) n > MAX_BODY_BYTES) {
      tooLarge = true;
      src.position(src.limit());
      return n;
    }
    if (src.hasArray()) {
      body.write(src.array(), src.arrayOffset() + src.position(), n);
      src.position(src.limit());
    } else {
      byte[] bytes = new byte[n];
      src.get(bytes);
      body.write(bytes, 0, n);
    }
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
    long total = 0;
    for (int i = offs; i < offs + len; i++) {
      total += write(srcs[i]);
    }
    return total;
  }

  @Override
  public int writeFinal(ByteBuffer src) throws IOException {
    return Conduits.writeFinalBasic(this, src);
  }

  @Override
  public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
    return Conduits.writeFinalBasic(this, srcs, offs, len);
  }

  @Override
  public long transferFrom(FileChannel src, long position, long count) throws IOException {
    checkOpen();
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
    long done = 0;
    while (done < count) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
      int read = src.read(buffer, position + done);
      if (read <= 0) {
        break;
      }
      buffer.flip();
      done += write(buffer);
    }
    return done;
  }

  @Override
  public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer)
      throws IOException {
    checkOpen();
    throughBuffer.clear();
    long done = 0;
    while (done < count) {
      throughBuffer.clear().limit((int) Math.min(throughBuffer.capacity(), count - done));
      int read = source.read(throughBuffer);
      if (read <= 0) {
        if (read == -1 && done == 0) {
          done = -1;
        }
        break;
      }
      throughBuffer.flip();
      done += write(throughBuffer);
    }
    throughBuffer.clear().limit(0); // nothing left over in it
    return done;
  }

  /** The app ended its response: it is the call's reply now. */
  @Override
  public void terminateWrites() {
    if (shut) {
      return;
    }
    shut = true;
    if (tooLarge) {
      log.warn(
          "the response of a request whose client had a 303 was larger than "
              + (MAX_BODY_BYTES >> 20)
              + " MiB: its result URL answers 500");
      call.complete(
          new FunctionCall.Reply(
              500,
              List.of(),
              PlainText.CONTENT_TYPE,
              TOO_LARGE_BODY.getBytes(StandardCharsets.UTF_8)));
    } else {
      call.complete(new FunctionCall.Reply(status, headers, null, body.toByteArray()));
    }
    Connectors.terminateResponse(exchange);
  }

  @Override
  public void truncateWrites() {
    if (shut) {
      return;
    }
    // The app broke its response off: the cloud's client would see a broken response too.
    shut = true;
    call.complete(
        new FunctionCall.Reply(
            500,
            List.of(),
            PlainText.CONTENT_TYPE,
            PlainText.INTERNAL_SERVER_ERROR.getBytes(StandardCharsets.UTF_8)));
    Connectors.terminateResponse(exchange);
  }

  @Override
  public boolean isWriteShutdown() {
    return shut;
  }

  @Override
  public boolean flush() {
    return true;
  }

  @Override
  public void resumeWrites() {
    resumed = true;
    getWriteThread().execute(this::writeReady);
  }

  /** Always writable: the handler runs as long as writes stay resumed, as XNIO's would. */
  private void writeReady() {
    if (!resumed) {
      return;
    }
    WriteReadyHandler handler = ready;
    if (handler != null) {
      handler.writeReady();
    }
    if (resumed && !shut) {
      getWriteThread().execute(this::writeReady);
    }
  }

  @Override
  public void suspendWrites() {
    resumed = false;
  }

  @Override
  public void wakeupWrites() {
    resumeWrites();
  }

  @Override
  public boolean isWriteResumed() {
    return resumed;
  }

  @Override
  public void awaitWritable() {}

  @Override
  public void awaitWritable(long time, TimeUnit timeUnit) {}

  @Override
  public XnioIoThread getWriteThread() {
    return exchange.getIoThread();
  }

  @Override
  public void setWriteReadyHandler(WriteReadyHandler handler) {
    this.ready = handler;
  }

  @Override
  public XnioWorker getWorker() {
    return exchange.getConnection().getWorker();
  }
}
