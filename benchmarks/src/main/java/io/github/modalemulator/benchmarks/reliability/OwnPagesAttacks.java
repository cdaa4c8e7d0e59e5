package io.github.modalemulator.benchmarks.reliability;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.Row;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client reaches of the emulator's own pages: from a peer on the network (a namespace of the
 * suite's own) nothing without the dashboard token, whatever Host it names; and from this machine,
 * no cookie or API key a request carried.
 */
final class OwnPagesAttacks {
  static final String REFUSED = "modal-http: the emulator's own pages answer only this machine";

  /** The child's dashboard token: set, so the suite sees the gate open for it and only for it. */
  static final String DASHBOARD_TOKEN = "reliability-dashboard-token-0123456789";

  private OwnPagesAttacks() {}

  // ---- a peer that is not loopback -------------------------------------------------------

  static Row networkPeer(ReliabilitySuite.Options options) throws Exception {
    String attack = "a peer on the network asks for the API, naming the emulator's own hosts";
    Optional<String> unavailable = NetworkNamespace.unavailable();
    if (unavailable.isPresent()) {
      // In CI every program is installed and the build runs as root: not running is a failure.
      return "true".equals(System.getenv("CI"))
          ? new Row(attack, "not run: " + unavailable.get(), false)
          : new Row(attack, "skipped: " + unavailable.get(), true);
    }
    try (NetworkNamespace namespace = NetworkNamespace.create();
        ReliabilitySuite.Child child =
            ReliabilitySuite.Child.start(
                options,
                namespace.hostAddress,
                List.of("--bind", namespace.hostAddress, "--remote-dashboard"),
                Map.of("MODAL_EMULATOR_DASHBOARD_TOKEN", DASHBOARD_TOKEN))) {
      String address = namespace.hostAddress;
      int port = child.port;
      String cookie = "modal-emulator-dashboard-" + port + "=";
      List<String> probes =
          List.of(
              get("/api/token", "localhost", ""),
              get("/api/token", "localhost:" + port, ""),
              get("/api/token", "127.0.0.1", ""),
              get("/api/token", "[::1]", ""),
              get("/api/token", address, ""),
              get("/api/requests", "localhost", ""),
              get("/api/state", "localhost", ""),
              get("/api/dashboard-token", "localhost", ""),
              get("/", "localhost", "Accept: text/html\r\n"),
              get("/dashboard/dashboard.js", "localhost", ""),
              "GET http://localhost/api/token HTTP/1.1\r\nHost: localhost\r\n"
                  + "Connection: close\r\n\r\n",
              "DELETE /api/requests HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
              get("/api/token", "localhost", "Authorization: Bearer wrong-token-wrong-token\r\n"),
              get("/api/token", "localhost", "Cookie: " + cookie + "wrong-token-wrong-token\r\n"),
              get("/?dashboard_token=wrong-token-wrong-token", "localhost", ""));
      // A function's request first, so a DELETE that got through would show as a cleared log.
      boolean function =
          namespace
              .send(address, port, get("/", ReliabilitySuite.HEALTH, ""))
              .endsWith("\r\n\r\n{\"ok\":true}");
      int refused = 0;
      List<String> leaks = new ArrayList<>();
      for (String probe : probes) {
        String answer = namespace.send(address, port, probe);
        if (answer.startsWith("HTTP/1.1 403 ") && answer.endsWith("\r\n\r\n" + REFUSED)) {
          refused++;
        } else {
          leaks.add(probe.lines().findFirst().orElse("") + " -> " + firstLine(answer));
        }
      }
      String bearer = "Authorization: Bearer " + DASHBOARD_TOKEN + "\r\n";
      boolean withToken =
          namespace.send(address, port, get("/api/token", "localhost", bearer)).contains("ws-rel1");
      boolean logKept =
          namespace
              .send(address, port, get("/api/requests", "localhost", bearer))
              .contains("\"host\":\"" + ReliabilitySuite.HEALTH + "\"");
      String login =
          namespace.send(
              address, port, get("/?dashboard_token=" + DASHBOARD_TOKEN, "localhost", ""));
      boolean cookieSet =
          login.startsWith("HTTP/1.1 303 ")
              && namespace
                  .send(
                      address,
                      port,
                      get(
                          "/api/state",
                          "localhost",
                          "Cookie: " + cookie + DASHBOARD_TOKEN + "\r\n"))
                  .startsWith("HTTP/1.1 200 ");
      String printed = Files.readString(child.stdout) + Files.readString(child.stderr);
      boolean tokenPrinted = printed.contains(DASHBOARD_TOKEN);
      boolean saysWhere =
          printed.contains("read it on this machine at http://" + address + ":" + port);
      boolean passed =
          refused == probes.size()
              && function
              && withToken
              && logKept
              && cookieSet
              && !tokenPrinted
              && saysWhere;
      return new Row(
          attack,
          String.format(
              "from %s to --bind %s: %d of %d requests without the token refused with 403%s;"
                  + " the function answered: %s; with the token the API answered: %s (the log"
                  + " kept: %s, the page's cookie works: %s); the token in its output: %s, where"
                  + " to read it: %s",
              namespace.peerAddress,
              address,
              refused,
              probes.size(),
              leaks.isEmpty() ? "" : " (not: " + String.join("; ", leaks) + ")",
              function,
              withToken,
              logKept,
              cookieSet,
              tokenPrinted,
              saysWhere),
          passed);
    }
  }

  private static String get(String target, String host, String headers) {
    return "GET "
        + target
        + " HTTP/1.1\r\nHost: "
        + host
        + "\r\n"
        + headers
        + "Connection: close\r\n\r\n";
  }

  private static String firstLine(String answer) {
    return answer.isEmpty() ? "no answer" : answer.lines().findFirst().orElse("");
  }

  // ---- secrets in the API, from this machine ---------------------------------------------

  private static final Map<String, String> SECRETS =
      Map.of(
          "Cookie", "session=cookie-value-7f3a",
          "X-Api-Key", "api-key-value-7f3a",
          "X-Auth-Token", "token-value-7f3a",
          "Set-Cookie", "id=set-cookie-value-7f3a");

  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

  static Row secretsInTheApi(int port) throws Exception {
    StringBuilder headers = new StringBuilder();
    SECRETS.forEach(
        (name, value) -> headers.append(name).append(": ").append(value).append("\r\n"));
    for (String host : List.of(ReliabilitySuite.HEALTH, "unknown.localhost", "localhost")) {
      ReliabilitySuite.send(port, get("/", host, headers.toString()).getBytes(ISO_8859_1), 2_000);
    }
    List<String> answers = new ArrayList<>();
    answers.add(api(port, "/api/state"));
    String list = api(port, "/api/requests?limit=10");
    answers.add(list);
    Set<String> ids = new LinkedHashSet<>();
    Matcher id = ID.matcher(list);
    while (id.find()) {
      ids.add(id.group(1));
    }
    for (String each : ids) {
      answers.add(api(port, "/api/requests/" + each));
    }
    int shown = 0;
    for (String answer : answers) {
      if (SECRETS.values().stream().anyMatch(answer::contains)) {
        shown++;
      }
    }
    boolean masked =
        answers.stream().skip(2).anyMatch(a -> a.contains("[\"x-api-key\",\"••••••••\"]"));
    return new Row(
        "a request's Cookie, Set-Cookie, X-Api-Key and X-Auth-Token, then the dashboard's API",
        answers.size()
            + " API answers (state, the 10 newest requests, each of them with its headers and"
            + " curl): "
            + shown
            + " show a value; masked in the request's own: "
            + masked,
        shown == 0 && masked && answers.size() > 2);
  }

  private static String api(int port, String path) throws Exception {
    return new String(
        ReliabilitySuite.send(port, get(path, "localhost", "").getBytes(ISO_8859_1), 5_000)
            .getBytes(ISO_8859_1),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
