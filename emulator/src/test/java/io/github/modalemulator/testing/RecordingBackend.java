package io.github.modalemulator.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP/1.1 server on a raw socket that keeps every byte it receives and answers each request it
 * reads, keep-alive, with that request's head as the body: a request smuggled inside another's
 * field shows up as a second head here, and its answer as one that doesn't match its request.
 */
public final class RecordingBackend implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  private RecordingBackend(ServerSocket server) {
    this.server = server;
  }

  /** Listens on {@code port} of every interface, as a web server function must. */
  public static RecordingBackend start(int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
    RecordingBackend backend = new RecordingBackend(server);
    backend.threads.submit(backend::accept);
    return backend;
  }

  /** Every byte received so far, on every connection, as ISO-8859-1. */
  public String received() {
    synchronized (received) {
      return received.toString(ISO_8859_1);
    }
  }

  /** Forgets what was received. */
  public void clear() {
    synchronized (received) {
      received.reset();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        threads.submit(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new Recording(new BufferedInputStream(socket.getInputStream()));
      OutputStream out = socket.getOutputStream();
      for (String head; (head = head(in)) != null; ) {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("\ntransfer-encoding: chunked")) {
          chunked(in);
        } else {
          int at = lower.indexOf("\ncontent-length:");
          if (at >= 0) {
            int end = lower.indexOf('\r', at);
            in.readNBytes(Integer.parseInt(lower.substring(at + 16, end).trim()));
          }
        }
        byte[] body = head.getBytes(ISO_8859_1);
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(ISO_8859_1));
        out.write(body);
        out.flush();
      }
    } catch (IOException | RuntimeException gone) {
      // the connection ended
    }
  }

  /** A request's head without its blank line; null at the connection's end. */
  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      head.write(b);
      String text = head.toString(ISO_8859_1);
      if (text.endsWith("\r\n\r\n")) {
        return text.substring(0, text.length() - 4);
      }
    }
    return null;
  }

  private static void chunked(InputStream in) throws IOException {
    while (true) {
      String size = line(in);
      int length = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (length == 0) {
        while (!line(in).isEmpty()) {
          // trailers
        }
        return;
      }
      in.readNBytes(length);
      line(in);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        return line.toString().replaceAll("\r$", "");
      }
      line.append((char) b);
    }
    throw new IOException("the connection ended within a line");
  }

  /** Keeps what passes through. */
  private final class Recording extends InputStream {
    private final InputStream in;

    Recording(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        synchronized (received) {
          received.write(b);
        }
      }
      return b;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
