package io.github.modalemulator.benchmarks.reliability;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.github.modalemulator.benchmarks.reliability.RawHttp2.Field;
import io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.Row;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What reaches a {@code @WebServer}'s backend ({@link LoggingBackend}, which logs every byte it
 * receives) past the edge. HTTP/2 requests whose fields would be lines of their own on the
 * backend's HTTP/1.1 connection (CR, LF, CRLF, NUL in values and names, whole smuggled requests, in
 * headers and trailers), over prior knowledge and after an h2c upgrade, each followed by an
 * ordinary HTTP/1.1 request that must get its own answer; and requests over HTTP/1.1 and HTTP/2
 * with forged forwarding fields, of which the backend must see none.
 */
final class BackendSmuggling {
  static final String BACKEND = "local--rel-backend.localhost";

  /** What no attack may leave in the backend's log. */
  private static final List<String> NEVER_RECEIVED = List.of("/attack-", "njected", "SMUGGLED");

  private static final String PRIOR_KNOWLEDGE = "";
  private static final String H2C = "h2c ";

  /**
   * An upgrade asking Undertow to answer nothing on stream 1: stream 3 must be checked all the
   * same.
   */
  private static final String H2C_CONNECT_ONLY = "h2c connect-only ";

  private static final String SMUGGLED =
      "\r\n\r\nGET /SMUGGLED HTTP/1.1\r\nHost: " + BACKEND + "\r\n\r\n";

  /**
   * One attack.
   *
   * @param fields the request's fields after its pseudo-header fields; a pseudo-header field here
   *     replaces the request's own (a {@code :path} value goes after the attack's path)
   * @param trailer a trailer field after a DATA frame; null: no body
   * @param allowed the answers it may get: 0 stands for a connection closed without one
   */
  private record Attack(String name, List<Field> fields, Field trailer, Set<Integer> allowed) {}

  private BackendSmuggling() {}

  static Row http2(int port) throws Exception {
    warmUp(port);
    List<Attack> attacks = attacks();
    Map<String, Integer> answers = new TreeMap<>();
    List<String> mismatches = new ArrayList<>();
    int victims = 0;
    int victimsAnswered = 0;
    for (String mode : List.of(PRIOR_KNOWLEDGE, H2C, H2C_CONNECT_ONLY)) {
      for (Attack attack : attacks) {
        if (mode.equals(H2C_CONNECT_ONLY)
            && !attack.name().startsWith("x-a ")
            && !attack.name().equals("keep-alive")) {
          continue; // a sample: the connection's first stream is what differs
        }
        int n = victims;
        int status = send(port, attack, mode, "/attack-" + n);
        answers.merge(
            status == -1 ? "reset" : status == 0 ? "closed" : String.valueOf(status),
            1,
            Integer::sum);
        if (!attack.allowed().contains(status)) {
          mismatches.add(mode + attack.name() + ": " + status);
        }
        victims++;
        String victim = get(port, "/victim-" + n);
        if (ReliabilitySuite.statusOf(victim) == 200
            && victim.contains("\r\n\r\nGET /victim-" + n + " HTTP/1.1\r\n")) {
          victimsAnswered++;
        }
      }
    }
    String log = backendLog(port);
    List<String> leaked = NEVER_RECEIVED.stream().filter(log::contains).toList();
    return new Row(
        "HTTP/2 field smuggling into a @WebServer backend (prior knowledge, h2c, h2c connect-only;"
            + " raw frames), a victim after each",
        String.format(
            Locale.ROOT,
            "%d attacks: %s; %s reached the backend; %d of %d victims got their own answers%s",
            victims,
            answers.entrySet().stream()
                .map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", ")),
            leaked.isEmpty() ? "nothing of them" : "**" + leaked + "**",
            victimsAnswered,
            victims,
            mismatches.isEmpty() ? "" : "; unexpected answers: " + mismatches),
        mismatches.isEmpty() && leaked.isEmpty() && victimsAnswered == victims);
  }

  private static List<Attack> attacks() {
    List<Attack> attacks = new ArrayList<>();
    Set<Integer> bad = Set.of(400);
    for (String name : List.of("x-a", "user-agent", "cookie")) {
      attacks.add(value(name + " CRLF", name, "a\r\nX-Injected: yes", bad));
      attacks.add(value(name + " LF", name, "a\nX-Injected: yes", bad));
      attacks.add(value(name + " CR", name, "a\rX-Injected: yes", bad));
      attacks.add(value(name + " NUL", name, "a\0X-Injected: yes", bad));
      attacks.add(value(name + " smuggled request", name, "a" + SMUGGLED, bad));
    }
    attacks.add(value("leading space", "x-a", " X-Injected", bad));
    attacks.add(value("trailing tab", "x-a", "X-Injected\t", bad));
    for (String hop : List.of("keep-alive", "proxy-connection", "upgrade")) {
      attacks.add(value(hop, hop, "X-Injected", bad));
    }
    // Refused by Undertow's HTTP/2 reader before any handler: reset, or the connection closed.
    Set<Integer> reader = Set.of(400, -1, 0);
    attacks.add(value("connection", "connection", "X-Injected", reader));
    attacks.add(value("transfer-encoding", "transfer-encoding", "chunked", reader));
    attacks.add(value("te", "te", "X-Injected", reader));
    attacks.add(value("content-length and a request", "content-length", "0" + SMUGGLED, reader));
    for (String name :
        List.of("x-a\r\nx-injected", "x-a\nx-injected", "x-a\rx-injected", "x-a\0x-injected")) {
      attacks.add(
          value(
              "name " + name.replace("\r", "CR").replace("\n", "LF").replace("\0", "NUL"),
              name,
              "v",
              reader));
    }
    attacks.add(value("upper-case name", "X-Injected", "v", reader));
    attacks.add(value(":path CRLF", ":path", "\r\nX-Injected: yes", reader));
    attacks.add(value(":path space", ":path", " HTTP/1.1\r\nX-Injected: yes", reader));
    attacks.add(value(":authority CRLF", ":authority", BACKEND + "\r\nX-Injected: yes", reader));
    attacks.add(value(":method request", ":method", "GET /SMUGGLED HTTP/1.1\r\nX: y", reader));
    attacks.add(
        new Attack(
            "trailer CRLF", List.of(), new Field("x-t", "a\r\nX-Injected: yes"), Set.of(200)));
    attacks.add(
        new Attack(
            "trailer smuggled request", List.of(), new Field("x-t", "a" + SMUGGLED), Set.of(200)));
    return attacks;
  }

  private static Attack value(String name, String field, String value, Set<Integer> allowed) {
    return new Attack(name, List.of(new Field(field, value)), null, allowed);
  }

  /** The stream's status: -1 for a reset, 0 for a connection closed without an answer. */
  private static int send(int port, Attack attack, String mode, String path) throws IOException {
    // A trailer attack is a well-formed request: its path may reach the backend, its trailer not.
    String target = attack.trailer() == null ? path : path.replace("/attack-", "/trailers-");
    List<Field> fields =
        new ArrayList<>(
            RawHttp2.request(attack.trailer() == null ? "GET" : "POST", BACKEND, target));
    for (Field field : attack.fields()) {
      if (field.name().startsWith(":")) { // in place of the request's own pseudo-header field
        String value = field.name().equals(":path") ? target + field.value() : field.value();
        fields.replaceAll(f -> f.name().equals(field.name()) ? new Field(f.name(), value) : f);
      } else {
        fields.add(field);
      }
    }
    boolean upgraded = !mode.equals(PRIOR_KNOWLEDGE);
    try (RawHttp2 h2 =
        upgraded
            ? RawHttp2.upgrade(
                port,
                "GET /upgrade HTTP/1.1\r\nHost: "
                    + BACKEND
                    + "\r\n"
                    + (mode.equals(H2C_CONNECT_ONLY) ? "X-HTTP2-connect-only: 1\r\n" : ""))
            : RawHttp2.priorKnowledge(port)) {
      int stream = 1;
      if (upgraded) {
        if (h2.answer(1).status() != 200) {
          return -2; // the upgrade itself failed: a mismatch
        }
        stream = 3;
      }
      if (attack.trailer() == null) {
        h2.headers(stream, fields, true);
      } else {
        h2.headers(stream, fields, false);
        h2.data(stream, "body".getBytes(ISO_8859_1), false);
        h2.headers(stream, List.of(attack.trailer()), true);
      }
      return h2.answer(stream).status();
    }
  }

  // ---- forwarding fields ------------------------------------------------------------------

  private static final List<Field> FORGED =
      List.of(
          new Field("x-forwarded-host", "forged.example"),
          new Field("forwarded", "for=6.6.6.6;host=forged.example;proto=https"),
          new Field("x-real-ip", "6.6.6.6"),
          new Field("x-forwarded-prefix", "/forged-prefix"),
          new Field("x-forwarded-for", "6.6.6.6"),
          new Field("x-forwarded-proto", "https"),
          new Field("x-forwarded-port", "6666"),
          new Field("x-forwarded-server", "forged.example"),
          new Field("proxy-authorization", "Basic Zm9yZ2Vk"));

  private static final List<String> FORGED_VALUES =
      List.of("forged", "6.6.6.6", "6666", "Zm9yZ2Vk", "https", "hop-secret");

  static Row forwarding(int port) throws Exception {
    warmUp(port);
    List<String> heads = new ArrayList<>();
    StringBuilder http1 = new StringBuilder("GET /forwarded HTTP/1.1\r\nHost: " + BACKEND + "\r\n");
    for (Field field : FORGED) {
      http1.append(field.name()).append(": ").append(field.value()).append("\r\n");
    }
    // Two fields: Undertow reads only the first for close.
    http1.append("X-Hop: hop-secret\r\nConnection: close\r\nConnection: X-Hop\r\n\r\n");
    heads.add(body(ReliabilitySuite.sendQuietly(port, http1.toString().getBytes(ISO_8859_1))));
    for (boolean upgraded : new boolean[] {false, true}) {
      List<Field> fields = new ArrayList<>(RawHttp2.request("GET", BACKEND, "/forwarded"));
      fields.addAll(FORGED);
      try (RawHttp2 h2 =
          upgraded
              ? RawHttp2.upgrade(port, "GET /upgrade HTTP/1.1\r\nHost: " + BACKEND + "\r\n")
              : RawHttp2.priorKnowledge(port)) {
        int stream = upgraded ? 3 : 1;
        if (upgraded) {
          h2.answer(1);
        }
        h2.headers(stream, fields, true);
        heads.add(h2.answer(stream).body());
      }
    }
    int clean = 0;
    int edgeSet = 0;
    for (String head : heads) {
      String lower = head.toLowerCase(Locale.ROOT) + "\r\n";
      if (head.startsWith("GET /forwarded HTTP/1.1\r\n")
          && FORGED_VALUES.stream().noneMatch(lower::contains)
          && !lower.contains("\nforwarded:")
          && !lower.contains("\nx-real-ip:")
          && !lower.contains("\nx-forwarded-prefix:")
          && !lower.contains("\nproxy-authorization:")
          && !lower.contains("\nx-hop:")) {
        clean++;
      }
      if (lower.contains("\nx-forwarded-for: 127.0.0.1\r\n")
          && lower.contains("\nx-forwarded-host: " + BACKEND + "\r\n")) {
        edgeSet++;
      }
    }
    return new Row(
        "forged forwarding fields to a @WebServer backend (HTTP/1.1, HTTP/2 prior knowledge, h2c)",
        String.format(
            Locale.ROOT,
            "%d requests with %d forged fields each (and a Connection-named field over HTTP/1.1):"
                + " %d reached the backend without any of the client's values; X-Forwarded-For"
                + " and X-Forwarded-Host the edge's in %d",
            heads.size(),
            FORGED.size(),
            clean,
            edgeSet),
        clean == heads.size() && edgeSet == heads.size());
  }

  // ---- wire helpers -----------------------------------------------------------------------

  /** Starts the web server's container, so that its start counts against no attack. */
  private static void warmUp(int port) {
    get(port, "/warm-up");
  }

  private static String get(int port, String path) {
    return ReliabilitySuite.sendQuietly(
        port,
        ("GET " + path + " HTTP/1.1\r\nHost: " + BACKEND + "\r\nConnection: close\r\n\r\n")
            .getBytes(ISO_8859_1));
  }

  private static String backendLog(int port) {
    return body(get(port, LoggingBackend.LOG_PATH));
  }

  private static String body(String answer) {
    int at = answer.indexOf("\r\n\r\n");
    return at < 0 ? "" : answer.substring(at + 4);
  }
}
