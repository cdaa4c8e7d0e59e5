package io.github.modalemulator.examples.services.springboot;

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

/**
 * The Spring Boot shop through the emulator's edge, as a user's {@code @ModalEmulator} test calls
 * it: one emulator and one Spring Boot start for the class, strict about the bind address (the app
 * binds {@code ExecutionContext.bindAddress()}, so the strict check passes).
 */
@ModalEmulator(apps = SpringShop.class, strictWebServerBind = true)
class SpringShopTest {
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
  void aPostedItemIsReadBackAsJson(@WebUrl("shop") String url) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/items"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"teapot\",\"priceCents\":1899}"))
                .build(),
            BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).matches("\\{\"id\":\\d+,\"name\":\"teapot\",\"priceCents\":1899}");
    String id = created.body().replaceAll("\\{\"id\":(\\d+),.*", "$1");

    HttpResponse<String> read = get(url + "/items/" + id);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(read.body()).isEqualTo(created.body());
    assertThat(get(url + "/items?limit=100").body()).contains(created.body());
  }

  @Test
  void anUnknownItemIsSpringsOwn404(@WebUrl("shop") String url) throws Exception {
    assertThat(get(url + "/items/999999").statusCode()).isEqualTo(404);
  }

  @Test
  void theAppLogsThroughLogbackAsSpringBootSetsItUp(@WebUrl("shop") String url, Emulator emulator)
      throws Exception {
    assertThat(get(url + "/logging").body()).isEqualTo("ch.qos.logback.classic.LoggerContext");
    assertThat(emulator.logs("shop")).noneMatch(line -> line.contains("only on loopback"));
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
  }
}
