package io.github.modalemulator.examples.services.javalin;

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

/** The Javalin notes service through the emulator's edge: one Javalin start for the class. */
@ModalEmulator(apps = JavalinShop.class, strictWebServerBind = true)
class JavalinShopTest {
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
  void aPostedNoteIsReadBack(@WebUrl("notes") String url) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/notes"))
                .POST(BodyPublishers.ofString("buy milk"))
                .build(),
            BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<String> read = get(url + "/notes/" + created.body());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo("buy milk");
    assertThat(get(url + "/notes/999999").statusCode()).isEqualTo(404);
  }

  @Test
  void queryParametersAndTheAppsOwnLogging(@WebUrl("notes") String url) throws Exception {
    assertThat(get(url + "/hello?name=Ada").body()).isEqualTo("Hello, Ada");
    assertThat(get(url + "/logging").body()).isEqualTo("org.slf4j.simple.SimpleLoggerFactory");
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
  }
}
