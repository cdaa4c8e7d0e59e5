package io.github.modalemulator.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what ordinary clients won't send: any Host header, malformed
 * requests, half-sent headers. Each request uses its own connection and asks to close it.
 */
public final class RawHttp {
  private RawHttp() {}

  /** A response as read off the wire. Header names are lower case. */
  public record Response(int status, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  /** GET {@code path} with this Host header. */
  public static Response get(int port, String host, String path) throws IOException {
    return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n", new byte[0]);
  }

  /**
   * Sends {@code head} (request line and headers, each ending in CRLF, without the blank line),
   * adds {@code Connection: close} and a Content-Length for a non-empty body, and reads the answer.
   */
  public static Response exchange(int port, String head, byte[] body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      String fullHead =
          head
              + "Connection: close\r\n"
              + (body.length > 0 ? "Content-Length: " + body.length + "\r\n" : "")
              + "\r\n";
      out.write(fullHead.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  /** Sends bytes as they are and reads whatever answer comes before the server closes. */
  public static Response sendRaw(int port, byte[] bytes) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    }
  }

  public static Response read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      throw new IOException("no complete response head in: " + text);
    }
    Response head = head(text.substring(0, headEnd));
    byte[] rawBody = text.substring(headEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
    if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
      rawBody = unchunk(rawBody);
    }
    return new Response(head.status(), head.headers(), new String(rawBody, StandardCharsets.UTF_8));
  }

  /** A response's status and headers, from its head without the blank line; no body. */
  private static Response head(String text) {
    String[] lines = text.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    return new Response(status, headers, "");
  }

  /**
   * Reads exactly one response (its head, then a body framed by Content-Length or chunked), and
   * leaves the connection open for the next request on it.
   */
  public static Response readOne(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!endsWithBlankLine(head)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException(
            "connection closed after: " + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
    }
    String headText = head.toString(StandardCharsets.ISO_8859_1);
    Response headOnly = head(headText.substring(0, headText.length() - 4));
    String length = headOnly.header("Content-Length");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (length != null) {
      body.write(in.readNBytes(Integer.parseInt(length)));
    } else if ("chunked".equalsIgnoreCase(headOnly.header("Transfer-Encoding"))) {
      while (true) {
        String sizeLine = line(in);
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          line(in); // the blank line after the last chunk (no trailers here)
          break;
        }
        body.write(in.readNBytes(size));
        line(in);
      }
    }
    return new Response(
        headOnly.status(), headOnly.headers(), body.toString(StandardCharsets.UTF_8));
  }

  private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
    byte[] bytes = head.toByteArray();
    int n = bytes.length;
    return n >= 4
        && bytes[n - 4] == '\r'
        && bytes[n - 3] == '\n'
        && bytes[n - 2] == '\r'
        && bytes[n - 1] == '\n';
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed in a chunked body");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOf(chunked, at);
      String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalStateException("truncated chunked body");
  }
}
