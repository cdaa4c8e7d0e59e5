package io.github.modalemulator.benchmarks.reliability;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The suite's {@code @WebServer} backend: HTTP/1.1 on a raw socket, keep-alive, that logs every
 * byte it receives on every connection and answers each request it reads with that request's head.
 * A request smuggled inside another's field is a head of its own here, whose answer would go to the
 * next client of the emulator's pooled connection. {@code GET /__log} answers with the whole log so
 * far (its own request included), for the suite in the other process to read.
 */
final class LoggingBackend implements AutoCloseable {
  static final String LOG_PATH = "/__log";

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private LoggingBackend(ServerSocket server) {
    this.server = server;
  }

  static LoggingBackend start(int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress("0.0.0.0", port));
    LoggingBackend backend = new LoggingBackend(server);
    backend.threads.submit(backend::accept);
    return backend;
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
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      for (String head; (head = head(in)) != null; ) {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("\ntransfer-encoding: chunked")) {
          chunked(in);
        } else {
          int at = lower.indexOf("\ncontent-length:");
          if (at >= 0) {
            int end = lower.indexOf('\r', at);
            skip(
                in,
                Long.parseLong(lower.substring(at + 16, end < 0 ? lower.length() : end).trim()));
          }
        }
        byte[] body;
        if (head.startsWith("GET " + LOG_PATH + " ")) {
          synchronized (log) {
            body = log.toByteArray();
          }
        } else {
          body = head.getBytes(ISO_8859_1);
        }
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(ISO_8859_1));
        out.write(body);
        out.flush();
      }
    } catch (IOException | RuntimeException gone) {
      // the connection ended, or sent what this server doesn't read: it is closed
    }
  }

  private int read(InputStream in) throws IOException {
    int b = in.read();
    if (b >= 0) {
      synchronized (log) {
        if (log.size() < 4 << 20) { // the suite's requests are small: a bound, not a budget
          log.write(b);
        }
      }
    }
    return b;
  }

  /** A request's head without its blank line; null at the connection's end. */
  private String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last = 0; // the last four bytes
    for (int b; (b = read(in)) >= 0 && head.size() < 1 << 20; ) {
      head.write(b);
      last = last << 8 | b;
      if (last == ('\r' << 24 | '\n' << 16 | '\r' << 8 | '\n')) {
        return new String(head.toByteArray(), 0, head.size() - 4, ISO_8859_1);
      }
    }
    return null;
  }

  private void chunked(InputStream in) throws IOException {
    while (true) {
      long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
      if (size == 0) {
        while (!line(in).isEmpty()) {
          // a trailer field
        }
        return;
      }
      skip(in, size);
      line(in);
    }
  }

  private void skip(InputStream in, long bytes) throws IOException {
    for (long i = 0; i < bytes; i++) {
      if (read(in) < 0) {
        throw new IOException("the connection ended within a body");
      }
    }
  }

  private String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = read(in)) >= 0 && line.length() < 65_536; ) {
      if (b == '\n') {
        return line.toString().replaceAll("\r$", "");
      }
      line.append((char) b);
    }
    throw new IOException("the connection ended within a line");
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
