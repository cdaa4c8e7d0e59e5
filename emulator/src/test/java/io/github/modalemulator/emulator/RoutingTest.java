package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.testing.Fixtures.EchoApp;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingTest {
  static Emulator emulator;
  static int port;

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(EchoApp.class).proxyAuthToken("wk-k", "ws-s").start();
    port = emulator.port();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void forgetRequests() {
    emulator.clearRequests();
  }

  @Test
  void labelUrlsFollowTheCloudsForm() {
    assertThat(emulator.webUrl("echo")).isEqualTo("http://local--echo-app-echo.localhost:" + port);
    assertThat(emulator.webUrl("labelled")).isEqualTo("http://local--my-label.localhost:" + port);
    assertThat(emulator.webUrl("apiHandler"))
        .isEqualTo("http://local--echo-app-api-handler.localhost:" + port)
        .isEqualTo(emulator.webUrl("api_handler"))
        .isEqualTo(emulator.webUrl("echo-app", "apiHandler"));
    WebFunction byTwin = emulator.webFunction("api_handler");
    assertThat(byTwin.app()).isEqualTo("echo-app");
    assertThat(byTwin.name()).isEqualTo("apiHandler");
    assertThat(byTwin.url()).isEqualTo(emulator.webUrl("apiHandler"));
  }

  @Test
  void routesByLabelHostWithPort() throws Exception {
    Response response =
        RawHttp.get(port, "local--echo-app-echo.localhost:" + port, "/some/path?x=1");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).startsWith("echo GET /some/path?x=1\n");
  }

  @Test
  void routesByUserLabel() throws Exception {
    assertThat(RawHttp.get(port, "local--my-label.localhost", "/").body())
        .startsWith("labelled GET /\n");
  }

  @Test
  void routesTheCloudsModalRunHostOnAnyPort() throws Exception {
    assertThat(RawHttp.get(port, "local--echo-app-echo.modal.run", "/").body())
        .startsWith("echo GET /\n");
    assertThat(RawHttp.get(port, "local--echo-app-echo.modal.run:443", "/").body())
        .startsWith("echo GET /\n");
  }

  @Test
  void routesHostsWhateverTheirCaseAndATrailingDot() throws Exception {
    assertThat(RawHttp.get(port, "LOCAL--Echo-App-Echo.LocalHost.:" + port, "/").body())
        .startsWith("echo GET /\n");
  }

  @Test
  void routesCustomDomainsCaseInsensitivelyWithAnyPort() throws Exception {
    assertThat(RawHttp.get(port, "api.mycompany.com", "/v").body())
        .startsWith("apiHandler GET /v\n");
    assertThat(RawHttp.get(port, "API.MyCompany.COM:8443", "/v").body())
        .startsWith("apiHandler GET /v\n");
    assertThat(RawHttp.get(port, "api-v2.mycompany.com:" + port, "/").body())
        .startsWith("apiHandler GET /\n");
  }

  @Test
  void labelUrlKeepsWorkingForAFunctionWithCustomDomains() throws Exception {
    assertThat(RawHttp.get(port, "local--echo-app-api-handler.localhost", "/").body())
        .startsWith("apiHandler GET /\n");
  }

  @Test
  void answersUnknownHostsWithTheCloudsPlainText404() throws Exception {
    for (String host :
        new String[] {
          "local--nope.localhost",
          "other--echo-app-echo.localhost",
          "local--echo-app-echo-dev.localhost",
          "deeper.local--echo-app-echo.localhost",
          "api.othercompany.com",
          "mycompany.com",
        }) {
      Response response = RawHttp.get(port, host, "/");
      assertThat(response.status()).as(host).isEqualTo(404);
      assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(response.body()).isEqualTo("modal-http: invalid function call");
    }
  }

  @Test
  void answersTheBareHostWithAJsonIndexOfTheWebFunctions() throws Exception {
    Response response = RawHttp.get(port, "127.0.0.1:" + port, "/");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    JsonNode index = new ObjectMapper().readTree(response.body());
    assertThat(index.get("workspace").asText()).isEqualTo("local");
    JsonNode functions = index.get("apps").get(0).get("functions");
    assertThat(index.get("apps").get(0).get("name").asText()).isEqualTo("echo-app");
    assertThat(functions).hasSize(4);
    JsonNode api = functions.get(0);
    assertThat(api.get("name").asText()).isEqualTo("apiHandler");
    assertThat(api.get("kind").asText()).isEqualTo("asgi_app");
    assertThat(api.get("url").asText()).isEqualTo(emulator.webUrl("apiHandler"));
    assertThat(api.get("customDomainUrls").get(1).asText())
        .isEqualTo("http://api-v2.mycompany.com:" + port);
    assertThat(RawHttp.get(port, "localhost", "/").status()).isEqualTo(200);
  }

  @Test
  void javasHttpClientReachesLabelUrlsAndCustomDomainsWithoutDns() throws Exception {
    HttpClient client = emulator.httpClientBuilder().build();
    HttpResponse<String> byLabel =
        client.send(
            HttpRequest.newBuilder(URI.create(emulator.webUrl("echo") + "/hello?q=1")).build(),
            BodyHandlers.ofString());
    assertThat(byLabel.statusCode()).isEqualTo(200);
    // The app sees the origin-form path, as behind the cloud's edge, not the proxy's absolute URI.
    assertThat(byLabel.body()).startsWith("echo GET /hello?q=1\n");

    HttpResponse<String> byDomain =
        client.send(
            HttpRequest.newBuilder(URI.create("http://api.mycompany.com/items")).build(),
            BodyHandlers.ofString());
    assertThat(byDomain.body()).startsWith("apiHandler GET /items\n");

    HttpResponse<String> unknown =
        client.send(
            HttpRequest.newBuilder(URI.create("http://local--nope.localhost:" + port + "/"))
                .build(),
            BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("modal-http: invalid function call");
  }

  @Test
  void http2ClientsAreServedTooAfterAnH2cUpgrade() throws Exception {
    try (java.net.Socket socket =
        new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /over-h2 HTTP/1.1\r\nHost: local--echo-app-echo.localhost\r\n"
                      + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                      + "HTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"
                      // The client preface and an empty SETTINGS frame, as h2c requires.
                      + "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
      socket.getOutputStream().flush();
      String received = readUntil(socket.getInputStream(), "echo GET /over-h2");
      assertThat(received).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
      // The answer to the upgraded request came in HTTP/2 frames: the app's body is in a DATA
      // frame after the 101, with no HTTP/1.1 status line of its own.
      String afterUpgrade = received.substring(received.indexOf("\r\n\r\n") + 4);
      assertThat(afterUpgrade).contains("echo GET /over-h2").doesNotContain("HTTP/1.1");
    }
  }

  private static String readUntil(java.io.InputStream in, String marker) throws Exception {
    java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!seen.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains(marker)) {
      int n = in.read(buffer);
      if (n < 0) {
        break;
      }
      seen.write(buffer, 0, n);
    }
    return seen.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void appsSeeTheSameRequestUrlThroughTheProxyAsByHost() throws Exception {
    HttpClient client = emulator.httpClientBuilder().build();
    String viaProxy =
        client
            .send(
                HttpRequest.newBuilder(URI.create(emulator.webUrl("labelled") + "/p?x=1"))
                    .header("X-Ask", "url")
                    .build(),
                BodyHandlers.ofString())
            .body();
    Response viaHost =
        RawHttp.exchange(
            port,
            "GET /p?x=1 HTTP/1.1\r\nHost: local--my-label.localhost:" + port + "\r\nX-Ask: url\r\n",
            new byte[0]);
    assertThat(viaProxy).isEqualTo("http://local--my-label.localhost:" + port + "/p");
    assertThat(viaHost.body()).isEqualTo(viaProxy);
  }

  @Test
  void journalRecordsEveryRequestWithItsFunctionAndStatus() throws Exception {
    RawHttp.get(port, "local--echo-app-echo.localhost", "/a?b=c");
    RawHttp.get(port, "nowhere.example.com", "/x");
    assertThat(emulator.requests())
        .extracting(
            RecordedRequest::app,
            RecordedRequest::function,
            RecordedRequest::host,
            RecordedRequest::method,
            RecordedRequest::path,
            RecordedRequest::query,
            RecordedRequest::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "echo-app", "echo", "local--echo-app-echo.localhost", "GET", "/a", "b=c", 200),
            org.assertj.core.groups.Tuple.tuple(
                null, null, "nowhere.example.com", "GET", "/x", "", 404));
    assertThat(emulator.requests().get(0).duration()).isPositive();
    emulator.clearRequests();
    assertThat(emulator.requests()).isEmpty();
  }

  @Test
  void webUrlNamesTheKnownFunctionsWhenAskedForAnUnknownOne() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> emulator.webUrl("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no web function \"nope\"; the web functions are: echo-app/apiHandler, echo-app/echo,"
                + " echo-app/labelled, echo-app/secureEndpoint");
  }
}
