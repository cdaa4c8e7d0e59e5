package io.github.modalemulator.examples.services.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.ModalEmulator;
import io.github.modalemulator.junit.WebUrl;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Micronaut greeter through the emulator's edge: one Micronaut start for the class. */
@ModalEmulator(apps = MicronautGreeter.class, strictWebServerBind = true)
class MicronautGreeterTest {
  private static HttpClient http;

  /** The emulator is an HTTP proxy for its own hosts: {@code *.localhost} needs no DNS. */
  @BeforeAll
  static void throughTheEmulator(Emulator emulator) {
    http =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", emulator.port())))
            .build();
  }

  @Test
  void getsAndPostsJsonThroughMicronautsSerde(@WebUrl("greeter") String url) throws Exception {
    HttpResponse<String> hello = get(url + "/hello?name=Ada");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("{\"message\":\"Hello, Ada\"}");
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/greetings"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"Grace\"}"))
                .build(),
            BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).isEqualTo("{\"message\":\"Welcome, Grace\"}");
  }

  @Test
  void theAppLogsThroughLogbackAsMicronautSetsItUp(@WebUrl("greeter") String url)
      throws Exception {
    assertThat(get(url + "/logging").body()).isEqualTo("ch.qos.logback.classic.LoggerContext");
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
  }
}
