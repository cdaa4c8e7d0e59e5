package io.github.modalemulator.examples.wsgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.emulator.Emulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's wsgi_app snippets, as servlets, called over real HTTP. */
class WsgiExamplesTest {
  static Emulator emulator;
  static HttpClient client;

  @BeforeAll
  static void start() {
    emulator = Emulator.builder().apps(FlaskApp.class, ConfiguredWsgi.class).start();
    client = emulator.httpClientBuilder().build();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  @Test
  void theFlaskAppAnswersItsTwoRoutes() throws Exception {
    String url = emulator.webUrl("example-wsgi", "createApp");
    assertThat(url).isEqualTo("http://local--example-wsgi-create-app.localhost:" + emulator.port());
    HttpResponse<String> index = get(url + "/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
    assertThat(index.body()).isEqualTo("Hello from Flask!");
    HttpResponse<String> data = get(url + "/api/data");
    assertThat(data.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(data.body()).isEqualTo("{\"data\":[1,2,3]}\n");
    assertThat(get(url + "/missing").statusCode()).isEqualTo(404);
  }

  @Test
  void theConfiguredAppAnswersOnItsLabelAndDomain() throws Exception {
    assertThat(emulator.webUrl("example-wsgi-configured", "createApp"))
        .isEqualTo("http://local--flask-app.localhost:" + emulator.port());
    assertThat(get("http://www.example.com/").body()).isEqualTo("Hello from the flask-app label!");
  }

  @Test
  void theRuntimeAddsNoCorsTheAppDoesItsOwn() throws Exception {
    HttpResponse<String> trusted =
        get("http://www.example.com/", "Origin", "https://www.example.com");
    assertThat(trusted.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://www.example.com");
    HttpResponse<String> stranger =
        get("http://www.example.com/", "Origin", "https://evil.example");
    assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> flask =
        get(emulator.webUrl("example-wsgi", "createApp") + "/", "Origin", "https://any.example");
    assertThat(flask.headers().map().keySet()).noneMatch(h -> h.startsWith("access-control-"));
  }
}
