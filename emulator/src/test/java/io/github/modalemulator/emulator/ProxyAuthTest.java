package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.testing.Fixtures.EchoApp;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProxyAuthTest {
  static final String HOST = "local--echo-app-secure-endpoint.localhost";
  static final String SECRET = "ws-the-real-secret";
  static Emulator emulator;

  @BeforeAll
  static void start() {
    emulator =
        Emulator.builder()
            .apps(EchoApp.class)
            .proxyAuthToken("wk-first", SECRET)
            .proxyAuthToken("wk-second", "ws-other-secret")
            .start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static Response get(String extraHeaders) throws Exception {
    return RawHttp.exchange(
        emulator.port(),
        "GET /private HTTP/1.1\r\nHost: " + HOST + "\r\n" + extraHeaders,
        new byte[0]);
  }

  private static void assertUnauthorized(Response response, String body) {
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.body()).isEqualTo(body);
  }

  @Test
  void withoutHeadersIsMissingCredentials() throws Exception {
    assertUnauthorized(get(""), "modal-http: missing credentials for proxy authorization");
  }

  @Test
  void withOnlyTheKeyIsMissingCredentials() throws Exception {
    assertUnauthorized(
        get("Modal-Key: wk-first\r\n"), "modal-http: missing credentials for proxy authorization");
  }

  @Test
  void withOnlyTheSecretIsMissingCredentials() throws Exception {
    assertUnauthorized(
        get("Modal-Secret: " + SECRET + "\r\n"),
        "modal-http: missing credentials for proxy authorization");
  }

  @Test
  void withAWrongSecretIsInvalidCredentials() throws Exception {
    assertUnauthorized(
        get("Modal-Key: wk-first\r\nModal-Secret: ws-the-real-secreT\r\n"),
        "modal-http: invalid credentials for proxy authorization");
  }

  @Test
  void withAnotherTokensSecretIsInvalidCredentials() throws Exception {
    assertUnauthorized(
        get("Modal-Key: wk-first\r\nModal-Secret: ws-other-secret\r\n"),
        "modal-http: invalid credentials for proxy authorization");
  }

  @Test
  void withAnUnknownKeyIsInvalidCredentials() throws Exception {
    assertUnauthorized(
        get("Modal-Key: wk-nobody\r\nModal-Secret: " + SECRET + "\r\n"),
        "modal-http: invalid credentials for proxy authorization");
  }

  @Test
  void withTheRightTokenReachesTheAppWhichNeverSeesTheHeaders() throws Exception {
    for (String headers :
        new String[] {
          "Modal-Key: wk-first\r\nModal-Secret: " + SECRET + "\r\n",
          "modal-key: wk-second\r\nMODAL-SECRET: ws-other-secret\r\n"
        }) {
      Response response = get(headers + "X-Other: kept\r\n");
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body())
          .startsWith("secureEndpoint GET /private\n")
          .contains("X-Other=kept")
          .doesNotContainIgnoringCase("modal-key")
          .doesNotContainIgnoringCase("modal-secret")
          .doesNotContain(SECRET);
    }
  }

  @Test
  void appliesToCustomDomainsToo() throws Exception {
    Response response =
        RawHttp.exchange(
            emulator.port(), "GET / HTTP/1.1\r\nHost: secure.mycompany.com\r\n", new byte[0]);
    assertUnauthorized(response, "modal-http: missing credentials for proxy authorization");
  }

  @Test
  void checksBeforeAnythingOfTheFunctionRunsPreflightsIncluded() throws Exception {
    Response preflight =
        RawHttp.exchange(
            emulator.port(),
            "OPTIONS / HTTP/1.1\r\nHost: "
                + HOST
                + "\r\nOrigin: https://example.org\r\nAccess-Control-Request-Method: POST\r\n",
            new byte[0]);
    assertUnauthorized(preflight, "modal-http: missing credentials for proxy authorization");
    assertThat(preflight.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
  }

  @Test
  void leavesFunctionsWithoutProxyAuthOpen() throws Exception {
    assertThat(RawHttp.get(emulator.port(), "local--echo-app-echo.localhost", "/").status())
        .isEqualTo(200);
  }

  @Test
  void neverWritesTheSecretToLogsOrTheJournal() throws Exception {
    get("Modal-Key: wk-first\r\nModal-Secret: " + SECRET + "\r\n");
    get("Modal-Key: wk-first\r\nModal-Secret: ws-guess\r\n");
    assertThat(emulator.logs("secureEndpoint")).noneMatch(line -> line.contains("ws-"));
    assertThat(emulator.requests().toString()).doesNotContain("ws-");
    assertThat(emulator.proxyAuthTokens().toString())
        .isEqualTo(
            "[ProxyAuthToken[key=wk-first, secret=***], ProxyAuthToken[key=wk-second, secret=***]]");
    assertThat(emulator.generatedProxyAuthToken()).isEmpty();
  }

  @Test
  void generatesATokenWhenAFunctionNeedsOneAndNoneWasGiven() throws Exception {
    try (Emulator generated = Emulator.builder().apps(EchoApp.class).start()) {
      ProxyAuthToken token = generated.generatedProxyAuthToken().orElseThrow();
      assertThat(token.key()).matches("wk-[0-9a-f]{24}");
      assertThat(token.secret()).matches("ws-[0-9a-f]{48}");
      assertThat(generated.proxyAuthTokens()).containsExactly(token);
      Response response =
          RawHttp.exchange(
              generated.port(),
              "GET / HTTP/1.1\r\nHost: "
                  + HOST
                  + "\r\nModal-Key: "
                  + token.key()
                  + "\r\nModal-Secret: "
                  + token.secret()
                  + "\r\n",
              new byte[0]);
      assertThat(response.status()).isEqualTo(200);
    }
  }

  @Test
  void rejectsTokensOfTheWrongShape() {
    assertThatThrownBy(() -> new ProxyAuthToken("ws-a-secret-in-the-wrong-place", "ws-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "proxy auth token key must look like wk-ID (it starts with \"wk-\"); the value given"
                + " does not");
    assertThatThrownBy(() -> new ProxyAuthToken("wk-1", "secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "proxy auth token secret must look like ws-SECRET (it starts with \"ws-\"); the value"
                + " given does not");
    assertThatThrownBy(() -> ProxyAuthToken.parse("wk-1"))
        .hasMessage(
            "a proxy auth token is written wk-ID:ws-SECRET, with a colon between key and secret");
    assertThat(ProxyAuthToken.parse("wk-1:ws-2")).isEqualTo(new ProxyAuthToken("wk-1", "ws-2"));
  }
}
