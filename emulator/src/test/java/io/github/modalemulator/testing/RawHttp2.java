package io.github.modalemulator.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of the reliability suite's raw HTTP/2 client (benchmarks' {@code RawHttp2}), for this
 * module's tests. A minimal HTTP/2 client on a raw socket, for requests that no HTTP/2 library
 * sends: any {@code :authority} beside any {@code host}, upper-case names, fields split across a
 * CONTINUATION frame, credentials in trailers, several streams with different credentials on one
 * connection. It speaks over prior knowledge or after an h2c upgrade that it writes itself.
 *
 * <p>Header blocks go out as HPACK literals without indexing, each with a new name and no Huffman
 * coding. Of the server's blocks only {@code :status} is decoded: the client's SETTINGS set the
 * server's dynamic table to 0 bytes, so an answer's status is an entry of the static table or a
 * literal, whose digits are all this decoder knows of Huffman's code.
 *
 * <pre>{@code
 * try (RawHttp2 h2 = RawHttp2.priorKnowledge(port)) {
 *   h2.headers(1, RawHttp2.request("GET", "fn.localhost", "/"), true);
 *   RawHttp2.Answer answer = h2.answer(1);
 * }
 * }</pre>
 */
public final class RawHttp2 implements AutoCloseable {
  /** One header field, sent as given: no lower-casing, no checks. */
  public record Field(String name, String value) {}

  /**
   * What one stream got.
   *
   * @param status the {@code :status}; 0 if no header block came, -1 if the stream or the whole
   *     connection was reset first (RST_STREAM, GOAWAY)
   * @param body the DATA frames' bytes, as ISO-8859-1
   */
  public record Answer(int status, String body) {}

  static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(ISO_8859_1);

  /** SETTINGS_HEADER_TABLE_SIZE = 0 and SETTINGS_ENABLE_PUSH = 0. */
  private static final byte[] SETTINGS = {0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0};

  private static final int DATA = 0;
  private static final int HEADERS = 1;
  private static final int RST_STREAM = 3;
  private static final int SETTINGS_FRAME = 4;
  private static final int PING = 6;
  private static final int GOAWAY = 7;
  private static final int CONTINUATION = 9;
  private static final int END_STREAM = 0x1;
  private static final int ACK = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int PADDED = 0x8;
  private static final int PRIORITY = 0x20;

  /** The statuses of the static table's entries 8 to 14 (RFC 7541, appendix A). */
  private static final int[] STATIC_STATUS = {200, 204, 206, 304, 400, 404, 500};

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Map<Integer, Stream> streams = new HashMap<>();
  private Answer http1; // the answer to an h2c upgrade request that the server did not upgrade
  private boolean over; // the connection ended: no stream gets more
  private int headerStream = -1; // the stream of a header block still in CONTINUATION frames
  private ByteArrayOutputStream headerBlock;
  private int headerFlags;

  private static final class Stream {
    int status;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean done;
  }

  private RawHttp2(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(3_000);
    return socket;
  }

  /** A connection that starts with the HTTP/2 preface and the client's SETTINGS. */
  public static RawHttp2 priorKnowledge(int port) throws IOException {
    RawHttp2 h2 = new RawHttp2(connect(port));
    h2.preface();
    return h2;
  }

  /**
   * A connection that starts as HTTP/1.1 with an h2c upgrade of {@code head} (a request line and
   * header lines, each ending in CRLF, without the blank line): the answer to it is stream 1's, in
   * HTTP/2 if the server upgraded, else in HTTP/1.1.
   */
  public static RawHttp2 upgrade(int port, String head) throws IOException {
    return upgrade(port, head, "");
  }

  /** The same, with a body after the head. */
  static RawHttp2 upgrade(int port, String head, String body) throws IOException {
    RawHttp2 h2 = new RawHttp2(connect(port));
    h2.out.write(
        (head
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: "
                + Base64.getUrlEncoder().withoutPadding().encodeToString(SETTINGS)
                + "\r\n\r\n"
                + body)
            .getBytes(ISO_8859_1));
    h2.out.flush();
    String responseHead = h2.readHttp1Head();
    if (responseHead.startsWith("HTTP/1.1 101")) {
      h2.streams.put(1, new Stream());
      h2.preface();
    } else {
      h2.http1 = new Answer(statusOf(responseHead), responseHead + readAll(h2.in));
      h2.over = true;
    }
    return h2;
  }

  /** The pseudo-header fields of a request, in the order RFC 9113 asks for. */
  public static List<Field> request(String method, String authority, String path) {
    return List.of(
        new Field(":method", method),
        new Field(":scheme", "http"),
        new Field(":authority", authority),
        new Field(":path", path));
  }

  private void preface() throws IOException {
    out.write(PREFACE);
    frame(SETTINGS_FRAME, 0, 0, SETTINGS);
    out.flush();
  }

  /** A HEADERS frame with the whole block. */
  public void headers(int stream, List<Field> fields, boolean endStream) throws IOException {
    streams.putIfAbsent(stream, new Stream());
    frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, encode(fields));
    out.flush();
  }

  /** A HEADERS frame with {@code first}, then a CONTINUATION frame with {@code rest}. */
  public void headers(int stream, List<Field> first, List<Field> rest, boolean endStream)
      throws IOException {
    streams.putIfAbsent(stream, new Stream());
    frame(HEADERS, endStream ? END_STREAM : 0, stream, encode(first));
    frame(CONTINUATION, END_HEADERS, stream, encode(rest));
    out.flush();
  }

  public void data(int stream, byte[] bytes, boolean endStream) throws IOException {
    frame(DATA, endStream ? END_STREAM : 0, stream, bytes);
    out.flush();
  }

  /**
   * Reads until {@code stream} has ended, the connection ends or nothing comes for 3 s; what other
   * streams get meanwhile is kept for them.
   */
  public Answer answer(int stream) {
    if (http1 != null && stream == 1) {
      return http1;
    }
    Stream s = streams.computeIfAbsent(stream, id -> new Stream());
    while (!s.done && !over) {
      try {
        readFrame();
      } catch (SocketTimeoutException quiet) {
        break;
      } catch (IOException closed) {
        over = true;
      }
    }
    return new Answer(s.status, s.body.toString(ISO_8859_1));
  }

  private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    int length = payload.length;
    out.write(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    out.write(type);
    out.write(flags);
    out.write(
        new byte[] {
          (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream
        });
    out.write(payload);
  }

  private void readFrame() throws IOException {
    byte[] head = in.readNBytes(9);
    if (head.length < 9) {
      throw new IOException("the server closed the connection");
    }
    int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
    int type = head[3] & 0xff;
    int flags = head[4] & 0xff;
    int stream =
        ((head[5] & 0x7f) << 24 | (head[6] & 0xff) << 16 | (head[7] & 0xff) << 8 | head[8] & 0xff);
    byte[] payload = in.readNBytes(length);
    if (payload.length < length) {
      throw new IOException("the server closed the connection within a frame");
    }
    if (stream == 0 && (type == DATA || type == HEADERS || type == RST_STREAM)) {
      throw new IOException("the server sent a stream's frame on stream 0");
    }
    Stream s = stream == 0 ? null : streams.computeIfAbsent(stream, id -> new Stream());
    switch (type) {
      case DATA -> {
        int start = (flags & PADDED) != 0 ? 1 : 0;
        s.body.write(payload, start, payload.length - start - padding(flags, payload));
        s.done |= (flags & END_STREAM) != 0;
      }
      case HEADERS -> {
        int start = ((flags & PADDED) != 0 ? 1 : 0) + ((flags & PRIORITY) != 0 ? 5 : 0);
        headerStream = stream;
        headerFlags = flags;
        headerBlock = new ByteArrayOutputStream();
        headerBlock.write(payload, start, payload.length - start - padding(flags, payload));
        if ((flags & END_HEADERS) != 0) {
          headerBlockDone();
        }
      }
      case CONTINUATION -> {
        if (stream == headerStream && headerBlock != null) {
          headerBlock.write(payload, 0, payload.length);
          if ((flags & END_HEADERS) != 0) {
            headerBlockDone();
          }
        }
      }
      case RST_STREAM -> {
        if (s.status == 0) {
          s.status = -1;
        }
        s.done = true;
      }
      case SETTINGS_FRAME -> {
        if ((flags & ACK) == 0) {
          frame(SETTINGS_FRAME, ACK, 0, new byte[0]);
          out.flush();
        }
      }
      case PING -> {
        if ((flags & ACK) == 0) {
          frame(PING, ACK, 0, payload);
          out.flush();
        }
      }
      case GOAWAY -> {
        int last =
            (payload[0] & 0x7f) << 24
                | (payload[1] & 0xff) << 16
                | (payload[2] & 0xff) << 8
                | payload[3] & 0xff;
        for (Map.Entry<Integer, Stream> entry : streams.entrySet()) {
          Stream other = entry.getValue();
          if (entry.getKey() > last && !other.done) {
            other.status = other.status == 0 ? -1 : other.status;
            other.done = true;
          }
        }
      }
      default -> {
        // PRIORITY, WINDOW_UPDATE, PUSH_PROMISE (push is off), unknown types: nothing to do
      }
    }
  }

  private static int padding(int flags, byte[] payload) {
    return (flags & PADDED) != 0 && payload.length > 0 ? payload[0] & 0xff : 0;
  }

  private void headerBlockDone() {
    Stream s = streams.computeIfAbsent(headerStream, id -> new Stream());
    if (s.status == 0) {
      s.status = status(headerBlock.toByteArray()); // a later block is the trailers
    }
    s.done |= (headerFlags & END_STREAM) != 0;
    headerBlock = null;
    headerStream = -1;
  }

  /** The HTTP/1.1 head of an answer to the upgrade request, up to its blank line. */
  private String readHttp1Head() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try {
      for (int b; head.size() < 65_536 && (b = in.read()) >= 0; ) {
        head.write(b);
        if (b == '\n' && head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
          break;
        }
      }
    } catch (SocketTimeoutException quiet) {
      // what came is the head
    }
    return head.toString(ISO_8859_1);
  }

  // ---- HPACK ------------------------------------------------------------------------------

  /** Literal header fields without indexing, new names, no Huffman (RFC 7541, 6.2.2). */
  static byte[] encode(List<Field> fields) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (Field field : fields) {
      block.write(0);
      string(block, field.name());
      string(block, field.value());
    }
    return block.toByteArray();
  }

  private static void string(ByteArrayOutputStream block, String text) {
    byte[] bytes = text.getBytes(ISO_8859_1);
    integer(block, 0, 7, bytes.length);
    block.write(bytes, 0, bytes.length);
  }

  /** An HPACK integer with an {@code prefix}-bit prefix after the bits of {@code first}. */
  private static void integer(ByteArrayOutputStream block, int first, int prefix, int value) {
    int max = (1 << prefix) - 1;
    if (value < max) {
      block.write(first | value);
      return;
    }
    block.write(first | max);
    for (value -= max; value >= 128; value >>>= 7) {
      block.write(value & 0x7f | 0x80);
    }
    block.write(value);
  }

  /** The {@code :status} of a header block; 0 if it has none this decoder can read. */
  static int status(byte[] block) {
    int[] at = {0};
    while (at[0] < block.length) {
      int b = block[at[0]] & 0xff;
      if ((b & 0x80) != 0) { // indexed field
        int index = integer(block, at, 7);
        if (index >= 8 && index <= 14) {
          return STATIC_STATUS[index - 8];
        }
      } else if ((b & 0xe0) == 0x20) { // dynamic table size update
        integer(block, at, 5);
      } else { // a literal, with incremental indexing (01), without (0000) or never (0001)
        int index = integer(block, at, (b & 0x40) != 0 ? 6 : 4);
        String name = index == 0 ? string(block, at) : null;
        String value = string(block, at);
        if ((index >= 8 && index <= 14) || ":status".equals(name)) {
          return value != null && value.matches("\\d{3}") ? Integer.parseInt(value) : 0;
        }
      }
    }
    return 0;
  }

  private static int integer(byte[] block, int[] at, int prefix) {
    int max = (1 << prefix) - 1;
    int value = block[at[0]++] & max;
    if (value < max) {
      return value;
    }
    for (int shift = 0; at[0] < block.length; shift += 7) {
      int b = block[at[0]++] & 0xff;
      value += (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    return value;
  }

  /** A string literal; null if it is Huffman-coded with more than digits. */
  private static String string(byte[] block, int[] at) {
    boolean huffman = (block[at[0]] & 0x80) != 0;
    int length = integer(block, at, 7);
    int start = at[0];
    at[0] += length;
    return huffman
        ? huffmanDigits(block, start, length)
        : new String(block, start, length, ISO_8859_1);
  }

  /**
   * Decodes a Huffman-coded string of digits (RFC 7541, appendix B: '0' to '2' are the 5-bit codes
   * 00000 to 00010, '3' to '9' the 6-bit codes 011001 to 011111, and the padding is up to 7 one
   * bits); null for any other symbol.
   */
  static String huffmanDigits(byte[] block, int start, int length) {
    StringBuilder digits = new StringBuilder();
    int bits = length * 8;
    int code = 0;
    int codeLength = 0;
    for (int i = 0; i < bits; i++) {
      if (codeLength == 0 && bits - i < 8 && onesFrom(block, start, i, bits)) {
        return digits.toString(); // the padding
      }
      int bit = (block[start + i / 8] >>> (7 - i % 8)) & 1;
      code = code << 1 | bit;
      codeLength++;
      if (codeLength == 5 && code <= 0b00010) {
        digits.append((char) ('0' + code));
        code = 0;
        codeLength = 0;
      } else if (codeLength == 6 && code >= 0b011001 && code <= 0b011111) {
        digits.append((char) ('3' + code - 0b011001));
        code = 0;
        codeLength = 0;
      } else if (codeLength >= 6) {
        return null;
      }
    }
    return codeLength == 0 ? digits.toString() : null;
  }

  private static boolean onesFrom(byte[] block, int start, int from, int bits) {
    for (int i = from; i < bits; i++) {
      if (((block[start + i / 8] >>> (7 - i % 8)) & 1) == 0) {
        return false;
      }
    }
    return true;
  }

  private static int statusOf(String head) {
    return head.length() >= 12 && head.startsWith("HTTP/1.")
        ? Integer.parseInt(head.substring(9, 12))
        : -1;
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), ISO_8859_1);
    } catch (IOException quiet) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
