package io.github.modalemulator.examples.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.ProxyAuthToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's fastapi_endpoint snippets, served by the emulator and called over real HTTP. */
class FastapiExamplesTest {
  static final ProxyAuthToken TOKEN = new ProxyAuthToken("wk-examples", "ws-examples-secret");
  static Emulator emulator;
  static HttpClient client;

  @BeforeAll
  static void start() {
    emulator =
        Emulator.builder()
            .apps(
                HelloApp.class,
                ConfiguredHandler.class,
                CustomDomainsApp.class,
                SecureApp.class,
                WebEndpointMigration.Old.class,
                WebEndpointMigration.New.class)
            .proxyAuthToken(TOKEN)
            .start();
    client = emulator.httpClientBuilder().build();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private static HttpRequest.Builder postJson(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(BodyPublishers.ofString(json));
  }

  @Test
  void helloAnswersOnItsLabelUrl() throws Exception {
    assertThat(emulator.webUrl("hello"))
        .isEqualTo("http://local--example-fastapi-hello.localhost:" + emulator.port());
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(emulator.webUrl("hello"))));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"message\":\"Hello, world!\"}");
  }

  @Test
  void theConfiguredHandlerTakesPostOnItsLabelAndItsDomain() throws Exception {
    String url = emulator.webUrl("example-fastapi-configured", "handler");
    assertThat(url).isEqualTo("http://local--my-endpoint.localhost:" + emulator.port());
    assertThat(send(postJson(url, "{\"text\":\"hi\"}")).body())
        .isEqualTo("{\"processed\":{\"text\":\"hi\"}}");
    assertThat(send(postJson("http://api.example.com/", "{\"n\":1}")).body())
        .isEqualTo("{\"processed\":{\"n\":1}}");
    HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(url)));
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void apiHandlerAnswersOnBothCustomDomainsAndItsLabel() throws Exception {
    for (String url :
        new String[] {
          "http://api.mycompany.com/", "http://api-v2.mycompany.com/", emulator.webUrl("apiHandler")
        }) {
      assertThat(send(HttpRequest.newBuilder(URI.create(url))).body())
          .as(url)
          .isEqualTo("{\"version\":\"2.0\"}");
    }
  }

  @Test
  void secureEndpointNeedsModalKeyAndSecret() throws Exception {
    String url = emulator.webUrl("secureEndpoint");
    HttpResponse<String> refused = send(postJson(url, "{}"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).isEqualTo("modal-http: missing credentials for proxy authorization");
    HttpResponse<String> accepted =
        send(
            postJson(url, "{\"x\":1}")
                .header("Modal-Key", TOKEN.key())
                .header("Modal-Secret", TOKEN.secret()));
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(accepted.body()).isEqualTo("{\"status\":\"authenticated\"}");
  }

  @Test
  void theDeprecatedWebEndpointAnswersAsItsReplacementAndWarns() throws Exception {
    String old = emulator.webUrl("example-web-endpoint-old", "handler");
    String replacement = emulator.webUrl("example-web-endpoint-new", "handler");
    assertThat(send(HttpRequest.newBuilder(URI.create(old))).body())
        .isEqualTo(send(HttpRequest.newBuilder(URI.create(replacement))).body())
        .isEqualTo("{\"data\":\"value\"}");
    assertThat(
            emulator.webFunctions().stream()
                .filter(f -> f.app().equals("example-web-endpoint-old"))
                .findFirst()
                .orElseThrow()
                .kind())
        .isEqualTo("web_endpoint");
  }
}
