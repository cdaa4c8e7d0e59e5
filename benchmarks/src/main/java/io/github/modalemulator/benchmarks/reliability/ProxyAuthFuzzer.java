package io.github.modalemulator.benchmarks.reliability;

import static io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.ECHO;
import static io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.GUARDED;
import static io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.GUARDED_POST;
import static io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.HEALTH;
import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.github.modalemulator.benchmarks.reliability.RawHttp2.Field;
import io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.Row;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Requests to the guarded functions, over raw HTTP/1.1 and over HTTP/2 (prior knowledge and h2c),
 * most of them without a valid token and a few with one as the control. A request reached a guarded
 * function if its answer carries the function's mark, or if the functions' own count of runs went
 * up by more than the variant's requests with a valid token (so a HEAD, a smuggled request or an
 * answer lost on the way count too).
 */
final class ProxyAuthFuzzer {
  static final String RUNS = "local--rel-guarded-runs.localhost";
  private static final Pattern RUNS_ANSWER = Pattern.compile("\\{\"runs\":(\\d+)}");
  private static final Pattern HTTP1_STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

  /**
   * One request of a variant: whether it carried a valid token, and its answer.
   *
   * @param status the answer's status; 0 for none, -1 for a reset stream or connection
   */
  record Sent(boolean validToken, int status, String answer) {
    /** With the status of the last answer on the connection: the guarded request's, if any. */
    static Sent http1(boolean validToken, String answer) {
      int status = ReliabilitySuite.statusOf(answer);
      for (Matcher next = HTTP1_STATUS.matcher(answer); next.find(); ) {
        status = Integer.parseInt(next.group(1));
      }
      return new Sent(validToken, status, answer);
    }

    static Sent http2(boolean validToken, RawHttp2.Answer answer) {
      return new Sent(validToken, answer.status(), answer.body());
    }

    boolean reached() {
      return answer.contains(ReliabilityApp.GUARDED_MARK);
    }
  }

  /** One variant: one or more requests, on one connection or more. */
  record Variant(String name, Exchange exchange) {}

  interface Exchange {
    List<Sent> run(int port) throws IOException;
  }

  /** The count of bypasses and of refused valid tokens over some variants. */
  private record Tally(
      int variants,
      int withoutToken,
      int withToken,
      List<String> bypasses,
      List<String> refused,
      Map<Integer, Integer> statusesWithoutToken) {}

  private ProxyAuthFuzzer() {}

  // ---- HTTP/1.1 ---------------------------------------------------------------------------

  static Row http1(int port) throws IOException {
    List<Variant> variants = new ArrayList<>();
    for (String request : http1Variants()) {
      variants.add(
          new Variant(
              request.lines().findFirst().orElse("") + " ...",
              p -> List.of(Sent.http1(false, send(p, request)))));
    }
    for (String key : List.of("wk-rel1:ws-rel1", "wk-rel2:ws-rel2")) {
      String[] token = key.split(":");
      String request =
          "GET / HTTP/1.1\r\nHost: "
              + GUARDED
              + "\r\nModal-Key: "
              + token[0]
              + "\r\nModal-Secret: "
              + token[1]
              + "\r\nConnection: close\r\n\r\n";
      variants.add(
          new Variant("valid token " + token[0], p -> List.of(Sent.http1(true, send(p, request)))));
    }
    Tally tally = tally(port, variants);
    return new Row(
        "proxy-auth bypass fuzzer (raw HTTP/1.1)",
        describe(tally),
        tally.bypasses().isEmpty() && tally.refused().isEmpty());
  }

  private static String send(int port, String request) throws IOException {
    return ReliabilitySuite.send(port, request.getBytes(ISO_8859_1), 3_000);
  }

  /** Requests to the guarded functions, none with a valid token. */
  static List<String> http1Variants() {
    List<String> variants = new ArrayList<>();
    for (String host : hosts()) {
      for (String credential : http1Credentials()) {
        variants.add(
            "GET / HTTP/1.1\r\nHost: " + host + "\r\n" + credential + "Connection: close\r\n\r\n");
        variants.add(
            "HEAD / HTTP/1.1\r\nHost: " + host + "\r\n" + credential + "Connection: close\r\n\r\n");
        variants.add(
            "OPTIONS / HTTP/1.1\r\nHost: "
                + host
                + "\r\n"
                + credential
                + "Origin: http://evil.example\r\nAccess-Control-Request-Method: GET\r\n"
                + "Connection: close\r\n\r\n");
      }
    }
    for (String credential : http1Credentials()) {
      variants.add(
          "GET http://"
              + GUARDED
              + "/ HTTP/1.1\r\nHost: "
              + HEALTH
              + "\r\n"
              + credential
              + "Connection: close\r\n\r\n");
      variants.add("GET / HTTP/1.0\r\nHost: " + GUARDED + "\r\n" + credential + "\r\n");
      variants.add(
          "POST / HTTP/1.1\r\nHost: "
              + GUARDED_POST
              + "\r\n"
              + credential
              + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
      variants.add(
          "POST / HTTP/1.1\r\nHost: "
              + GUARDED_POST
              + "\r\n"
              + credential
              + "Expect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
              + "Connection: close\r\n\r\n{}");
      // Pipelined: a request anyone may make, then the guarded one on the same connection.
      variants.add(
          "GET / HTTP/1.1\r\nHost: "
              + HEALTH
              + "\r\n\r\nGET / HTTP/1.1\r\nHost: "
              + GUARDED
              + "\r\n"
              + credential
              + "Connection: close\r\n\r\n");
    }
    // Smuggling: a guarded request hidden in the body of one to an open function.
    String hidden = "GET / HTTP/1.1\r\nHost: " + GUARDED + "\r\n\r\n";
    variants.add(
        "POST / HTTP/1.1\r\nHost: "
            + ECHO
            + "\r\nContent-Length: "
            + (hidden.length() + 5)
            + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            + hidden);
    variants.add(
        "POST / HTTP/1.1\r\nHost: "
            + ECHO
            + "\r\nContent-Length: 0\r\nContent-Length: 40\r\n\r\n"
            + hidden);
    variants.add(
        "POST / HTTP/1.1\r\nHost: "
            + ECHO
            + "\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n"
            + hidden);
    variants.add(
        "POST / HTTP/1.1\r\nHost: "
            + ECHO
            + "\r\nTransfer-Encoding:  chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"
            + hidden);
    // A chunk size Undertow's own reader misread, in the body of a request to an open function.
    variants.add(
        "POST / HTTP/1.1\r\nHost: "
            + ECHO
            + "\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nab\r\n0\r\n\r\n"
            + hidden);
    variants.add(
        "GET / HTTP/1.1\r\nHost: "
            + HEALTH
            + "\r\nHost: "
            + GUARDED
            + "\r\nConnection: close\r\n\r\n");
    variants.add(
        "GET / HTTP/1.1\r\nHost: "
            + GUARDED
            + "\r\nHost: "
            + HEALTH
            + "\r\nConnection: close\r\n\r\n");
    return variants;
  }

  private static List<String> hosts() {
    return List.of(
        GUARDED,
        GUARDED.toUpperCase(Locale.ROOT),
        GUARDED + ".",
        "Local--Rel-Guarded.LocalHost",
        GUARDED + ":9000",
        "local--rel-guarded.modal.run",
        "LOCAL--REL-GUARDED.MODAL.RUN.");
  }

  private static List<String> http1Credentials() {
    return List.of(
        "",
        "Modal-Key: wk-rel1\r\n",
        "Modal-Secret: ws-rel1\r\n",
        "Modal-Key: wk-rel1\r\nModal-Secret: ws-rel2\r\n", // tokens mixed
        "Modal-Key: wk-rel2\r\nModal-Secret: ws-rel1\r\n",
        "Modal-Key: wk-rel1\r\nModal-Secret: WS-REL1\r\n",
        "Modal-Key: wk-rel1\r\nModal-Secret: ws-rel\r\n",
        "Modal-Key: wk-rel1\r\nModal-Secret: ws-rel11\r\n",
        "Modal-Key: wk-rel1\r\nModal-Secret: Bearer ws-rel1\r\n",
        "Modal-Key: wk-rel1\r\nModal-Secret:\r\n",
        "Modal-Key:\r\nModal-Secret:\r\n",
        "modal-key: wk-rel1\r\nmodal-secret: nope\r\n",
        "MODAL-KEY: WK-REL1\r\nMODAL-SECRET: WS-REL1\r\n",
        "Modal_Key: wk-rel1\r\nModal_Secret: ws-rel1\r\n",
        "X-Modal-Key: wk-rel1\r\nX-Modal-Secret: ws-rel1\r\n",
        "Modal-Key: wk-rel1\r\nModal-Secret: nope\r\nModal-Secret: nope2\r\n",
        "Authorization: Bearer wk-rel1:ws-rel1\r\n",
        "Modal-Key: wk-rel1,wk-rel2\r\nModal-Secret: ws-rel1,ws-rel2\r\n",
        "Modal-Key: wk-rel1\r\nModal-Secret: ws-rel1\u0000\r\n");
  }

  // ---- HTTP/2 -----------------------------------------------------------------------------

  static Row http2(int port) throws Exception {
    Tally tally = tally(port, http2Variants());
    boolean javaClient = javaClientUpgrades(port);
    return new Row(
        "proxy-auth bypass fuzzer (HTTP/2: prior knowledge and h2c, raw frames)",
        describe(tally)
            + "; Java's HttpClient upgrades to h2c (the emulator's own index): "
            + javaClient,
        tally.bypasses().isEmpty() && tally.refused().isEmpty() && javaClient);
  }

  /**
   * Java's own client, as a check that the emulator speaks h2c to a real client. It can't reach a
   * function: it sends no Host but the URI's, never sends HTTP/2 through a proxy, and {@code
   * *.localhost} names don't resolve here, so the variants are raw frames.
   */
  private static boolean javaClientUpgrades(int port) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    boolean upgraded = true;
    for (int i = 0; i < 2; i++) { // the upgrade, then a stream of the upgraded connection
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      upgraded &= response.version() == HttpClient.Version.HTTP_2 && response.statusCode() == 200;
    }
    return upgraded;
  }

  static List<Variant> http2Variants() {
    List<Variant> variants = new ArrayList<>();
    List<List<Field>> invalid = http2Credentials();
    for (String authority : hosts()) {
      for (List<Field> credentials : invalid) {
        for (String method : List.of("GET", "HEAD")) {
          variants.add(
              priorKnowledge(
                  false,
                  method + " :authority " + authority + " " + credentials,
                  with(RawHttp2.request(method, authority, "/"), credentials),
                  null));
        }
      }
    }
    for (List<Field> credentials : invalid) {
      variants.add(
          priorKnowledge(
              false,
              "preflight " + credentials,
              with(
                  RawHttp2.request("OPTIONS", GUARDED, "/"),
                  credentials,
                  List.of(
                      new Field("origin", "http://evil.example"),
                      new Field("access-control-request-method", "GET"))),
              null));
      variants.add(
          priorKnowledge(
              false,
              "POST " + credentials,
              with(
                  RawHttp2.request("POST", GUARDED_POST, "/"),
                  credentials,
                  List.of(new Field("content-type", "application/json"))),
              "{}"));
      variants.add(
          new Variant(
              "h2c upgrade " + credentials,
              p -> {
                try (RawHttp2 h2 =
                    RawHttp2.upgrade(
                        p, "GET / HTTP/1.1\r\nHost: " + GUARDED + "\r\n" + lines(credentials))) {
                  return List.of(Sent.http2(false, h2.answer(1)));
                }
              }));
      variants.add(
          new Variant(
              "h2c upgrade to an open function, then stream 3 " + credentials,
              p -> {
                try (RawHttp2 h2 =
                    RawHttp2.upgrade(p, "GET / HTTP/1.1\r\nHost: " + HEALTH + "\r\n")) {
                  h2.answer(1);
                  h2.headers(3, with(RawHttp2.request("GET", GUARDED, "/"), credentials), true);
                  return List.of(Sent.http2(false, h2.answer(3)));
                }
              }));
    }
    variants.addAll(http2Specials());
    variants.addAll(http2WithValidTokens());
    return variants;
  }

  /** Authority tricks, trailers, CONTINUATION, several streams: none with a valid token. */
  private static List<Variant> http2Specials() {
    List<Field> wrong = List.of(new Field("modal-key", "wk-rel1"), new Field("modal-secret", "no"));
    List<Field> json = List.of(new Field("content-type", "application/json"));
    List<Variant> variants = new ArrayList<>();
    variants.add(
        priorKnowledge(
            false,
            "no :authority, host of the guarded function",
            List.of(
                new Field(":method", "GET"),
                new Field(":scheme", "http"),
                new Field(":path", "/"),
                new Field("host", GUARDED)),
            null));
    variants.add(
        priorKnowledge(
            false,
            ":authority of an open function, host of the guarded one",
            with(RawHttp2.request("GET", HEALTH, "/"), List.of(new Field("host", GUARDED))),
            null));
    variants.add(
        priorKnowledge(
            false,
            ":authority of the guarded function, host of an open one",
            with(RawHttp2.request("GET", GUARDED, "/"), List.of(new Field("host", HEALTH))),
            null));
    variants.add(
        priorKnowledge(
            false,
            "empty :authority, host of the guarded function",
            with(RawHttp2.request("GET", "", "/"), List.of(new Field("host", GUARDED))),
            null));
    variants.add(
        priorKnowledge(
            false,
            "absolute :path to the guarded function, :authority of an open one",
            RawHttp2.request("GET", HEALTH, "http://" + GUARDED + "/"),
            null));
    variants.add(
        priorKnowledge(
            false,
            ":scheme https",
            List.of(
                new Field(":method", "GET"),
                new Field(":scheme", "https"),
                new Field(":authority", GUARDED),
                new Field(":path", "/")),
            null));
    variants.add(
        priorKnowledge(
            false,
            "upper-case names, a wrong secret",
            with(
                RawHttp2.request("GET", GUARDED, "/"),
                List.of(new Field("Modal-Key", "wk-rel1"), new Field("Modal-Secret", "no"))),
            null));
    variants.add(
        priorKnowledge(
            false,
            "Expect: 100-continue",
            with(
                RawHttp2.request("POST", GUARDED_POST, "/"),
                json,
                List.of(new Field("expect", "100-continue"))),
            "{}"));
    variants.add(
        new Variant(
            "the key in HEADERS, a wrong secret in CONTINUATION",
            p -> {
              try (RawHttp2 h2 = RawHttp2.priorKnowledge(p)) {
                h2.headers(
                    1,
                    with(
                        RawHttp2.request("GET", GUARDED, "/"),
                        List.of(new Field("modal-key", "wk-rel1"))),
                    List.of(new Field("modal-secret", "no")),
                    true);
                return List.of(Sent.http2(false, h2.answer(1)));
              }
            }));
    variants.add(trailers("the key in the head, the secret in trailers", List.of(wrong.get(0))));
    variants.add(trailers("a wrong secret in the head, a valid one in trailers", wrong));
    variants.add(
        new Variant(
            "h2c upgrade, absolute-form to the guarded function",
            p -> {
              try (RawHttp2 h2 =
                  RawHttp2.upgrade(
                      p, "GET http://" + GUARDED + "/ HTTP/1.1\r\nHost: " + HEALTH + "\r\n")) {
                return List.of(Sent.http2(false, h2.answer(1)));
              }
            }));
    variants.add(
        new Variant(
            "h2c upgrade of a POST with a body",
            p -> {
              try (RawHttp2 h2 =
                  RawHttp2.upgrade(
                      p,
                      "POST / HTTP/1.1\r\nHost: "
                          + GUARDED_POST
                          + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n",
                      "{}")) {
                return List.of(Sent.http2(false, h2.answer(1)));
              }
            }));
    return variants;
  }

  /** The same functions with valid tokens: each must reach them, or the fuzzer sees nothing. */
  private static List<Variant> http2WithValidTokens() {
    List<Field> valid =
        List.of(new Field("modal-key", "wk-rel1"), new Field("modal-secret", "ws-rel1"));
    List<Variant> variants = new ArrayList<>();
    for (String authority : hosts()) {
      variants.add(
          priorKnowledge(
              true,
              "valid token, :authority " + authority,
              with(RawHttp2.request("GET", authority, "/"), valid),
              null));
    }
    variants.add(
        priorKnowledge(
            true,
            "valid token wk-rel2",
            with(
                RawHttp2.request("GET", GUARDED, "/"),
                List.of(new Field("modal-key", "wk-rel2"), new Field("modal-secret", "ws-rel2"))),
            null));
    variants.add(
        priorKnowledge(
            true,
            "valid token, POST",
            with(
                RawHttp2.request("POST", GUARDED_POST, "/"),
                valid,
                List.of(new Field("content-type", "application/json"))),
            "{}"));
    variants.add(
        new Variant(
            "valid token, the key in HEADERS and the secret in CONTINUATION",
            p -> {
              try (RawHttp2 h2 = RawHttp2.priorKnowledge(p)) {
                h2.headers(
                    1,
                    with(RawHttp2.request("GET", GUARDED, "/"), List.of(valid.get(0))),
                    List.of(valid.get(1)),
                    true);
                return List.of(Sent.http2(true, h2.answer(1)));
              }
            }));
    variants.add(
        new Variant(
            "valid token, h2c upgrade",
            p -> {
              try (RawHttp2 h2 =
                  RawHttp2.upgrade(
                      p, "GET / HTTP/1.1\r\nHost: " + GUARDED + "\r\n" + lines(valid))) {
                return List.of(Sent.http2(true, h2.answer(1)));
              }
            }));
    // Authorization is per request, not per connection.
    variants.add(
        new Variant(
            "valid token on stream 1, none on 3, the key only on 5",
            p -> {
              try (RawHttp2 h2 = RawHttp2.priorKnowledge(p)) {
                h2.headers(1, with(RawHttp2.request("GET", GUARDED, "/"), valid), true);
                h2.headers(3, RawHttp2.request("GET", GUARDED, "/"), true);
                h2.headers(
                    5, with(RawHttp2.request("GET", GUARDED, "/"), List.of(valid.get(0))), true);
                return List.of(
                    Sent.http2(true, h2.answer(1)),
                    Sent.http2(false, h2.answer(3)),
                    Sent.http2(false, h2.answer(5)));
              }
            }));
    variants.add(
        new Variant(
            "none on stream 1, a valid token on 3",
            p -> {
              try (RawHttp2 h2 = RawHttp2.priorKnowledge(p)) {
                h2.headers(1, RawHttp2.request("GET", GUARDED, "/"), true);
                h2.headers(3, with(RawHttp2.request("GET", GUARDED, "/"), valid), true);
                return List.of(Sent.http2(false, h2.answer(1)), Sent.http2(true, h2.answer(3)));
              }
            }));
    variants.add(
        new Variant(
            "valid token in the h2c upgrade, none on stream 3",
            p -> {
              try (RawHttp2 h2 =
                  RawHttp2.upgrade(
                      p, "GET / HTTP/1.1\r\nHost: " + GUARDED + "\r\n" + lines(valid))) {
                Sent upgrade = Sent.http2(true, h2.answer(1));
                h2.headers(3, RawHttp2.request("GET", GUARDED, "/"), true);
                return List.of(upgrade, Sent.http2(false, h2.answer(3)));
              }
            }));
    return variants;
  }

  /** The HTTP/2 forms of the HTTP/1 credentials: lower-case names, as HTTP/2 requires. */
  private static List<List<Field>> http2Credentials() {
    return List.of(
        List.of(),
        List.of(new Field("modal-key", "wk-rel1")),
        List.of(new Field("modal-secret", "ws-rel1")),
        keyAndSecret("wk-rel1", "ws-rel2"),
        keyAndSecret("wk-rel2", "ws-rel1"),
        keyAndSecret("wk-rel1", "WS-REL1"),
        keyAndSecret("WK-REL1", "WS-REL1"),
        keyAndSecret("wk-rel1", "ws-rel"),
        keyAndSecret("wk-rel1", "ws-rel11"),
        keyAndSecret("wk-rel1", "Bearer ws-rel1"),
        keyAndSecret("wk-rel1", ""),
        keyAndSecret("", ""),
        keyAndSecret("wk-rel1,wk-rel2", "ws-rel1,ws-rel2"),
        keyAndSecret("wk-rel1", "ws-rel1\u0000"),
        List.of(new Field("modal_key", "wk-rel1"), new Field("modal_secret", "ws-rel1")),
        List.of(new Field("x-modal-key", "wk-rel1"), new Field("x-modal-secret", "ws-rel1")),
        List.of(
            new Field("modal-key", "wk-rel1"),
            new Field("modal-secret", "no"),
            new Field("modal-secret", "no2")),
        List.of(new Field("authorization", "Bearer wk-rel1:ws-rel1")),
        List.of(new Field("proxy-authorization", "Bearer wk-rel1:ws-rel1")),
        List.of(new Field("cookie", "modal-key=wk-rel1; modal-secret=ws-rel1")));
  }

  private static List<Field> keyAndSecret(String key, String secret) {
    return List.of(new Field("modal-key", key), new Field("modal-secret", secret));
  }

  @SafeVarargs
  private static List<Field> with(List<Field> first, List<Field>... more) {
    List<Field> all = new ArrayList<>(first);
    for (List<Field> fields : more) {
      all.addAll(fields);
    }
    return all;
  }

  /** HTTP/1 header lines of fields, for an h2c upgrade request. */
  private static String lines(List<Field> fields) {
    StringBuilder lines = new StringBuilder();
    for (Field field : fields) {
      lines.append(field.name()).append(": ").append(field.value()).append("\r\n");
    }
    return lines.toString();
  }

  /** One request on a connection of its own, over prior knowledge; {@code body} null: none. */
  private static Variant priorKnowledge(
      boolean validToken, String name, List<Field> fields, String body) {
    return new Variant(
        name,
        port -> {
          try (RawHttp2 h2 = RawHttp2.priorKnowledge(port)) {
            h2.headers(1, fields, body == null);
            if (body != null) {
              h2.data(1, body.getBytes(ISO_8859_1), true);
            }
            return List.of(Sent.http2(validToken, h2.answer(1)));
          }
        });
  }

  /** A POST whose credentials come (also) in trailers, which are no part of the request's head. */
  private static Variant trailers(String name, List<Field> head) {
    return new Variant(
        name,
        port -> {
          try (RawHttp2 h2 = RawHttp2.priorKnowledge(port)) {
            h2.headers(
                1,
                with(
                    RawHttp2.request("POST", GUARDED_POST, "/"),
                    head,
                    List.of(new Field("content-type", "application/json"))),
                false);
            h2.data(1, "{}".getBytes(ISO_8859_1), false);
            h2.headers(1, keyAndSecret("wk-rel1", "ws-rel1"), true);
            return List.of(Sent.http2(false, h2.answer(1)));
          }
        });
  }

  // ---- judging ----------------------------------------------------------------------------

  private static Tally tally(int port, List<Variant> variants) throws IOException {
    int withoutToken = 0;
    int withToken = 0;
    List<String> bypasses = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (Variant variant : variants) {
      int before = runs(port);
      List<Sent> sent = variant.exchange().run(port);
      int ran = runs(port) - before;
      int valid = (int) sent.stream().filter(Sent::validToken).count();
      withToken += valid;
      withoutToken += sent.size() - valid;
      boolean seen = sent.stream().anyMatch(s -> !s.validToken() && s.reached());
      if (seen || ran > valid) {
        bypasses.add(variant.name());
      }
      if (sent.stream().anyMatch(s -> s.validToken() && !s.reached())) {
        refused.add(variant.name());
      }
      sent.stream()
          .filter(s -> !s.validToken())
          .forEach(s -> statuses.merge(s.status(), 1, Integer::sum));
    }
    return new Tally(variants.size(), withoutToken, withToken, bypasses, refused, statuses);
  }

  private static String describe(Tally tally) {
    return tally.variants()
        + " variants: "
        + tally.withoutToken()
        + " requests without a valid token, "
        + tally.bypasses().size()
        + " reached a guarded function"
        + (tally.bypasses().isEmpty() ? "" : " " + tally.bypasses())
        + "; "
        + tally.withToken()
        + " with one, "
        + tally.refused().size()
        + " refused"
        + (tally.refused().isEmpty() ? "" : " " + tally.refused())
        + "; answers without a token: "
        + tally.statusesWithoutToken().entrySet().stream()
            .map(
                e ->
                    (e.getKey() == 0 ? "none" : e.getKey() < 0 ? "reset" : e.getKey())
                        + " ×"
                        + e.getValue())
            .collect(Collectors.joining(", "));
  }

  /** The guarded functions' count of runs, from the open function that tells it. */
  private static int runs(int port) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      String answer =
          ReliabilitySuite.sendQuietly(
              port,
              ("GET / HTTP/1.1\r\nHost: " + RUNS + "\r\nConnection: close\r\n\r\n")
                  .getBytes(ISO_8859_1));
      Matcher runs = RUNS_ANSWER.matcher(answer);
      if (runs.find()) {
        return Integer.parseInt(runs.group(1));
      }
    }
    throw new IOException("the count of guarded runs can't be read from " + RUNS);
  }
}
