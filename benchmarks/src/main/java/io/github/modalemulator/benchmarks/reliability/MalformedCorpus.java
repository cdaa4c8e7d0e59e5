package io.github.modalemulator.benchmarks.reliability;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Malformed requests over raw sockets, each with the answer that HTTP (RFC 9110, 9112, 9113) or
 * issue #12 defines for it, and a health request after each. Where the specification allows more
 * than one answer (a 400 or a 431 for too many headers), every one it allows passes; where it
 * defines none, the entry only asks for what it does define (a connection closed, a request not
 * smuggled through).
 *
 * <p>An entry may name a known deviation: what the emulator is known to answer instead, left to be
 * fixed in the emulator. Such an entry is still sent and reported, by name, but does not fail the
 * row; once the emulator answers it as expected, the row says so, so that the mark comes off.
 */
final class MalformedCorpus {
  /** The "status" of a request that got no answer at all in the time allowed. */
  static final int NO_ANSWER = 0;

  private static final int QUIET_MILLIS = 500;
  private static final int PAUSE_MILLIS = 300;

  /**
   * What an answer must be.
   *
   * @param statuses the statuses allowed; {@link #NO_ANSWER} allows none
   * @param body the exact body, where it is defined; null for any
   * @param closes whether the server must close the connection after it
   * @param absent what no answer on the connection may contain (a smuggled request's answer)
   * @param goAway whether the answer must be an HTTP/2 GOAWAY (a connection error), then a close
   */
  record Expected(
      Set<Integer> statuses, String body, boolean closes, String absent, boolean goAway) {
    static Expected status(Integer... allowed) {
      return new Expected(Set.of(allowed), null, false, null, false);
    }

    static Expected http2GoAway() {
      return new Expected(Set.of(), null, true, null, true);
    }

    Expected body(String exact) {
      return new Expected(statuses, exact, closes, absent, goAway);
    }

    Expected closed() {
      return new Expected(statuses, body, true, absent, goAway);
    }

    Expected without(String text) {
      return new Expected(statuses, body, closes, text, goAway);
    }

    boolean matches(Answer answer) {
      if (goAway) {
        return answer.goAway() && answer.closed();
      }
      return statuses.contains(answer.status())
          && (body == null || body.equals(answer.body()))
          && (!closes || answer.closed())
          && (absent == null || !answer.raw().contains(absent));
    }

    @Override
    public String toString() {
      if (goAway) {
        return "GOAWAY, closed";
      }
      String allowed =
          new TreeSet<>(statuses)
              .stream()
                  .map(s -> s == NO_ANSWER ? "no answer" : String.valueOf(s))
                  .collect(Collectors.joining(" or "));
      return allowed
          + (body == null ? "" : " '" + body + "'")
          + (closes ? ", closed" : "")
          + (absent == null ? "" : ", no '" + absent + "'");
    }
  }

  /**
   * One malformed request. Its parts are written with a pause between them, so that the server
   * reads them apart.
   *
   * @param deviation what the emulator is known to answer instead; null when it should answer as
   *     expected
   */
  record Entry(
      String name, List<String> parts, Expected expected, int quietMillis, String deviation) {
    Entry(String name, String request, Expected expected) {
      this(name, List.of(request), expected, QUIET_MILLIS, null);
    }

    Entry knownDeviation(String instead) {
      return new Entry(name, parts, expected, quietMillis, instead);
    }

    Entry waiting(Duration quiet) {
      return new Entry(name, parts, expected, (int) quiet.toMillis(), deviation);
    }
  }

  /**
   * What came back.
   *
   * @param status the first answer's status; {@link #NO_ANSWER} for none, -1 for bytes that are no
   *     HTTP/1 answer
   * @param body the first answer's body (by its Content-Length, else to the connection's end)
   * @param closed whether the server closed the connection
   * @param raw everything that came, up to 1 MiB
   */
  record Answer(int status, String body, boolean closed, String raw) {
    boolean goAway() {
      byte[] bytes = raw.getBytes(ISO_8859_1);
      for (int at = 0; at + 9 <= bytes.length; ) {
        int length = (bytes[at] & 0xff) << 16 | (bytes[at + 1] & 0xff) << 8 | bytes[at + 2] & 0xff;
        if (bytes[at + 3] == 7) {
          return true;
        }
        at += 9 + length;
      }
      return false;
    }

    @Override
    public String toString() {
      String what =
          status == NO_ANSWER ? "no answer" : status < 0 ? raw.length() + " bytes" : "" + status;
      return what + (closed ? ", closed" : ", open");
    }
  }

  private MalformedCorpus() {}

  static Row run(int port, Duration headerTimeout) throws InterruptedException {
    List<Entry> corpus = entries(headerTimeout);
    List<String> mismatches = new ArrayList<>();
    List<String> known = new ArrayList<>();
    List<String> nowRight = new ArrayList<>();
    List<String> unhealthy = new ArrayList<>();
    for (Entry entry : corpus) {
      Answer answer = exchange(port, entry);
      boolean right = entry.expected().matches(answer);
      if (!right && entry.deviation() == null) {
        mismatches.add(entry.name() + ": expected " + entry.expected() + ", got " + answer);
      } else if (!right) {
        known.add(entry.name());
      } else if (entry.deviation() != null) {
        nowRight.add(entry.name());
      }
      if (!ReliabilitySuite.healthy(port)) {
        unhealthy.add(entry.name());
      }
    }
    int asExpected = corpus.size() - mismatches.size() - known.size();
    return new Row(
        "malformed requests (raw sockets), each with its expected answer, then a health request",
        corpus.size()
            + " requests, "
            + asExpected
            + " answered as HTTP or the issue says, "
            + mismatches.size()
            + " mismatches"
            + names(mismatches)
            + (known.isEmpty()
                ? ""
                : "; " + known.size() + " known deviations left to the emulator" + names(known))
            + (nowRight.isEmpty() ? "" : "; now answered right, unmark them" + names(nowRight))
            + "; "
            + unhealthy.size()
            + " health failures"
            + names(unhealthy),
        mismatches.isEmpty() && unhealthy.isEmpty());
  }

  /** Entry names, which may hold commas, one after the other: " (a; b)". */
  private static String names(List<String> names) {
    return names.isEmpty() ? "" : " (" + String.join("; ", names) + ")";
  }

  static List<Entry> entries(Duration headerTimeout) {
    String health = "Host: " + ReliabilitySuite.HEALTH + "\r\n";
    String text = "Host: " + ReliabilitySuite.TEXT + "\r\n";
    String echo = "Host: " + ReliabilitySuite.ECHO + "\r\n";
    String json = echo + "Content-Type: application/json\r\n";
    String chunked = "POST / HTTP/1.1\r\n" + json + "Transfer-Encoding: chunked\r\n\r\n";
    String tooLarge = "modal-http: request body is larger than the limit of 4294967296 bytes";
    List<Entry> corpus = new ArrayList<>();

    // The request line (RFC 9112, 3; 505 for versions: the issue).
    corpus.add(new Entry("not HTTP", "NOT HTTP AT ALL\r\n\r\n", Expected.status(400)));
    corpus.add(
        new Entry("empty lines only", "\r\n\r\n\r\n", Expected.status(400, NO_ANSWER))); // 2.2
    corpus.add(new Entry("a method alone", "GET\r\n\r\n", Expected.status(400)));
    corpus.add(
        new Entry(
            "HTTP/9.9",
            "GET /?s=a HTTP/9.9\r\n" + text + "\r\n",
            Expected.status(505).body("HTTP Version Not Supported").closed()));
    corpus.add(
        new Entry(
            "HTTP/2.0 in an HTTP/1 request line",
            "GET /?s=a HTTP/2.0\r\n" + text + "\r\n",
            Expected.status(400, 505).closed()));
    corpus.add(new Entry("an HTTP/0.9 line", "GET /\r\n\r\n", Expected.status(400, 505)));
    corpus.add(
        new Entry(
            "HTTP/1.0 is still served",
            "GET /?s=a HTTP/1.0\r\n" + text + "\r\n",
            Expected.status(200).body("{\"s\":\"a\"}").closed()));
    corpus.add(
        new Entry("NUL in the target", "GET /\u0000 HTTP/1.1\r\n" + health + "\r\n", status400()));
    corpus.add(
        new Entry(
            "a target of 100 KB",
            "GET /" + "a".repeat(100_000) + " HTTP/1.1\r\n" + health + "\r\n",
            Expected.status(404, 414)));
    corpus.add(
        new Entry(
            "BREW, a method no one knows",
            "BREW / HTTP/1.1\r\n" + health + "\r\n",
            Expected.status(405, 501)));

    // A % that starts no escape reaches the function as text (the issue).
    corpus.add(
        new Entry(
            "a % that ends the query",
            "GET /?s=100% HTTP/1.1\r\n" + text + "\r\n",
            Expected.status(200).body("{\"s\":\"100%\"}")));
    corpus.add(
        new Entry(
            "%zz in the query",
            "GET /?s=%zz HTTP/1.1\r\n" + text + "\r\n",
            Expected.status(200).body("{\"s\":\"%zz\"}")));
    corpus.add(
        new Entry(
            "%zz in the path",
            "GET /%zz HTTP/1.1\r\n" + text + "\r\n",
            Expected.status(404).body("{\"detail\":\"Not Found\"}")));
    corpus.add(
        new Entry(
            "% in one read, zz in the next",
            List.of("GET /?s=10%", "zz HTTP/1.1\r\n" + text + "\r\n"),
            Expected.status(200).body("{\"s\":\"10%zz\"}"),
            QUIET_MILLIS,
            null));

    // Header fields (RFC 9110, 5.5; RFC 9112, 3.2 and 5).
    corpus.add(
        new Entry(
            "a space in a field name",
            "GET / HTTP/1.1\r\n" + health + "Bad Header: x\r\n\r\n",
            status400()));
    corpus.add(
        new Entry(
            "a space before the colon",
            "GET / HTTP/1.1\r\n" + health + "X-A : b\r\n\r\n",
            status400()));
    corpus.add(
        new Entry(
            "an empty field name",
            "GET / HTTP/1.1\r\n" + health + ": empty name\r\n\r\n",
            status400()));
    corpus.add(
        new Entry(
            "a control character in a value",
            "GET / HTTP/1.1\r\n" + health + "X-A: b\u0001c\r\n\r\n",
            Expected.status(200, 400)));
    corpus.add(
        new Entry(
            "a bare CR in a value",
            "GET / HTTP/1.1\r\n" + health + "X-A: b\rc\r\n\r\n",
            Expected.status(200, 400)));
    corpus.add(
        new Entry(
            "obsolete line folding",
            "GET / HTTP/1.1\r\n" + health + "X-Folded: a\r\n  folded\r\n\r\n",
            Expected.status(200, 400)));
    corpus.add(
        new Entry(
            "bare LF line ends",
            "GET / HTTP/1.1\n" + health.replace("\r", "") + "\n",
            Expected.status(200, 400)));
    corpus.add(new Entry("no Host", "GET / HTTP/1.1\r\n\r\n", status400()));
    corpus.add(
        new Entry("two Hosts", "GET / HTTP/1.1\r\n" + health + health + "\r\n", status400()));
    corpus.add(
        new Entry("an empty Host", "GET / HTTP/1.1\r\nHost: \r\n\r\n", Expected.status(400, 404)));
    corpus.add(
        new Entry("a Host with spaces", "GET / HTTP/1.1\r\nHost: a b c\r\n\r\n", status400()));
    corpus.add(
        new Entry(
            "a value of 100 KB",
            "GET / HTTP/1.1\r\n" + health + "X: " + "a".repeat(100_000) + "\r\n\r\n",
            Expected.status(200, 431)));
    corpus.add(
        new Entry(
            "a value of 2 MB",
            "GET / HTTP/1.1\r\n" + health + "X: " + "a".repeat(2_000_000) + "\r\n\r\n",
            Expected.status(400, 431).closed()));
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n" + health);
    for (int i = 0; i < 500; i++) {
      many.append("X-").append(i).append(": v\r\n");
    }
    corpus.add(
        new Entry("500 header fields", many.append("\r\n").toString(), Expected.status(400, 431)));
    corpus.add(
        new Entry(
                "headers never finished",
                "GET / HTTP/1.1\r\n" + health,
                Expected.status(408)
                    .body("modal-http: request headers were not received in time")
                    .closed())
            .waiting(headerTimeout.plusSeconds(3)));
    corpus.add(
        new Entry(
            "Expect: 999-nonsense",
            "GET / HTTP/1.1\r\n" + health + "Expect: 999-nonsense\r\n\r\n",
            Expected.status(200, 417)));
    corpus.add(
        new Entry(
            "Upgrade: websocket without its keys",
            "GET / HTTP/1.1\r\n" + health + "Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
            Expected.status(200, 400, 426)));
    for (String settings : List.of("!!!not-base64!!!", "AAMAAABkAA")) {
      corpus.add(
          new Entry(
              "h2c with HTTP2-Settings " + settings,
              "GET /?s=a HTTP/1.1\r\n"
                  + text
                  + "Upgrade: h2c\r\nHTTP2-Settings: "
                  + settings
                  + "\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n",
              Expected.status(400)
                  .body("modal-http: the HTTP2-Settings header is not valid")
                  .closed()));
    }

    // A server may ignore an Upgrade and serve the request as it is (RFC 9110, 7.8).
    String big = "{\"a\":\"" + "x".repeat(17_000) + "\"}";
    corpus.add(
        new Entry(
            "h2c with a chunked body of 17 KB",
            "POST / HTTP/1.1\r\n"
                + json
                + "Transfer-Encoding: chunked\r\nUpgrade: h2c\r\nHTTP2-Settings: AAEAAAAAAAIAAAAA\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\n\r\n"
                + Integer.toHexString(big.length())
                + "\r\n"
                + big
                + "\r\n0\r\n\r\n",
            Expected.status(101, 200)));

    // Body framing (RFC 9112, 6 and 7; 413 for chunk sizes: the issue).
    for (String length : List.of("-1", "abc", "1, 2")) {
      corpus.add(
          new Entry(
              "Content-Length: " + length,
              "POST / HTTP/1.1\r\n" + json + "Content-Length: " + length + "\r\n\r\n{}",
              status400().closed()));
    }
    corpus.add(
        new Entry(
            "a Content-Length of 20 digits",
            "POST / HTTP/1.1\r\n" + json + "Content-Length: 99999999999999999999\r\n\r\n",
            Expected.status(400, 413).closed()));
    corpus.add(
        new Entry(
            "two Content-Lengths that differ",
            "POST / HTTP/1.1\r\n" + json + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n{}",
            status400().closed()));
    corpus.add(
        new Entry(
            "Content-Length and Transfer-Encoding",
            "POST / HTTP/1.1\r\n"
                + json
                + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            Expected.status(200, 400).closed()));
    corpus.add(
        new Entry(
            "a body shorter than its Content-Length",
            "POST / HTTP/1.1\r\n" + json + "Content-Length: 10\r\n\r\n{\"a\"",
            Expected.status(NO_ANSWER, 400, 408)));
    // Chunked not last: the body's length can't be known, "MUST respond with 400 and then close"
    // (RFC 9112, 6.3); a coding not implemented "SHOULD" get 501 (RFC 9112, 6.1).
    corpus.add(
        new Entry(
            "Transfer-Encoding: gzip",
            "POST / HTTP/1.1\r\n" + json + "Transfer-Encoding: gzip\r\n\r\nxx",
            status400().closed()));
    corpus.add(
        new Entry(
            "Transfer-Encoding: chunked, gzip",
            "POST / HTTP/1.1\r\n"
                + json
                + "Transfer-Encoding: chunked, gzip\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            status400().closed()));
    corpus.add(
        new Entry(
            "Transfer-Encoding: gzip, chunked",
            "POST / HTTP/1.1\r\n"
                + json
                + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            Expected.status(400, 501)));
    corpus.add(
        new Entry(
            "HTTP/1.0 with Transfer-Encoding",
            "POST / HTTP/1.0\r\n" + json + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            Expected.status(200, 400).closed()));
    // Not the message grammar: "SHOULD respond with a 400 (Bad Request) response and close the
    // connection" (RFC 9112, 2.2).
    for (String size : List.of("zz", "-2")) {
      corpus.add(
          new Entry(
              "chunk size " + size, chunked + size + "\r\n{}\r\n0\r\n\r\n", status400().closed()));
    }
    for (String size : List.of("7fffffffffffffff", "ffffffffffffffffffff")) {
      corpus.add(
          new Entry(
              "chunk size " + size,
              chunked + size + "\r\nab\r\n0\r\n\r\n",
              Expected.status(413).body(tooLarge).closed()));
    }
    corpus.add(
        new Entry(
            "chunk size 7fffffffffffffff after the head",
            List.of(chunked + "1\r\n{\r\n", "7fffffffffffffff\r\nab"),
            Expected.status(413).body(tooLarge).closed(),
            QUIET_MILLIS,
            null));
    corpus.add(
        new Entry(
            "an unread body's overflowing chunk, then a request",
            List.of(
                "POST / HTTP/1.1\r\n" + health + "Transfer-Encoding: chunked\r\n\r\n",
                "7fffffffffffffff\r\nab\r\n0\r\n\r\nGET /?s=smuggled HTTP/1.1\r\n" + text + "\r\n"),
            Expected.status(405, 413).closed().without("smuggled"),
            QUIET_MILLIS,
            null));
    corpus.add(
        new Entry(
            "a chunk shorter than its size",
            chunked + "5\r\nab",
            Expected.status(NO_ANSWER, 400, 408)));
    corpus.add(
        new Entry(
            "chunk data without its CRLF",
            chunked + "2\r\n{}XX0\r\n\r\n",
            Expected.status(NO_ANSWER, 400)));
    corpus.add(
        new Entry(
            "a chunk extension",
            chunked + "2;x=y\r\n{}\r\n0\r\n\r\n",
            Expected.status(200).body("{\"keys\":0}")));

    // Bodies FastAPI can't parse: its client errors, never a 500.
    corpus.add(
        new Entry(
            "truncated JSON",
            "POST / HTTP/1.1\r\n" + json + "Content-Length: 5\r\n\r\n[[[[[",
            Expected.status(422)));
    corpus.add(
        new Entry(
            "JSON that is not UTF-8",
            "POST / HTTP/1.1\r\n" + json + "Content-Length: 4\r\n\r\n\u00ff\u00fe\u0000\u0000",
            Expected.status(422)));
    corpus.add(
        new Entry(
            "JSON nested 3,000 deep",
            "POST / HTTP/1.1\r\n" + json + "Content-Length: 3000\r\n\r\n" + "[".repeat(3000),
            Expected.status(400, 422)));

    // HTTP/2 with prior knowledge (RFC 9113, 3.4 and 4.2): a connection error is a GOAWAY.
    corpus.add(
        new Entry(
                "HTTP/2 preface, then no frame",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\ngarbage-frames",
                Expected.http2GoAway())
            .knownDeviation("no GOAWAY: the connection is closed after the idle timeout"));
    corpus.add(
        new Entry(
            "HTTP/2 preface, then an empty WINDOW_UPDATE",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0000\u0008\u0000\u0000\u0000\u0000\u0000",
            Expected.http2GoAway()));
    return corpus;
  }

  private static Expected status400() {
    return Expected.status(400);
  }

  /** Sends an entry's parts and reads what comes back. */
  static Answer exchange(int port, Entry entry) throws InterruptedException {
    Expected expected = entry.expected();
    boolean toTheEnd = expected.closes() || expected.absent() != null || expected.goAway();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(entry.quietMillis());
      OutputStream out = socket.getOutputStream();
      for (int i = 0; i < entry.parts().size(); i++) {
        if (i > 0) {
          Thread.sleep(PAUSE_MILLIS);
        }
        try {
          out.write(entry.parts().get(i).getBytes(ISO_8859_1));
          out.flush();
        } catch (IOException closed) {
          break; // the server answered and closed before taking it all
        }
      }
      return read(socket.getInputStream(), toTheEnd);
    } catch (IOException e) {
      return new Answer(NO_ANSWER, "", true, "");
    }
  }

  /**
   * Reads until the first answer is whole (or, with {@code toTheEnd}, until the server closes), the
   * server closes, or nothing comes for the socket's timeout.
   */
  private static Answer read(InputStream in, boolean toTheEnd) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    boolean closed = false;
    try {
      while (received.size() < 1 << 20) {
        int n = in.read(buffer);
        if (n < 0) {
          closed = true;
          break;
        }
        received.write(buffer, 0, n);
        if (!toTheEnd && whole(received.toString(ISO_8859_1))) {
          break;
        }
      }
    } catch (SocketTimeoutException quiet) {
      // what came is the answer
    } catch (IOException reset) {
      closed = true;
    }
    String raw = received.toString(ISO_8859_1);
    int status = ReliabilitySuite.statusOf(raw);
    return new Answer(status, body(raw), closed, raw);
  }

  /** Whether {@code raw} holds a whole answer with a Content-Length. */
  private static boolean whole(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    long length = contentLength(raw);
    return end >= 0 && length >= 0 && raw.length() - end - 4 >= length;
  }

  private static long contentLength(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    if (end < 0) {
      return -1;
    }
    return Arrays.stream(raw.substring(0, end).split("\r\n"))
        .filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
        .mapToLong(line -> Long.parseLong(line.substring(15).strip()))
        .findFirst()
        .orElse(-1);
  }

  private static String body(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    if (end < 0) {
      return "";
    }
    long length = contentLength(raw);
    String rest = raw.substring(end + 4);
    return length >= 0 && length <= rest.length() ? rest.substring(0, (int) length) : rest;
  }
}
