package io.github.modalemulator.servers.servletapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A whole servlet application as {@code @WsgiApp}: the initializer the factory returns gets the
 * app's classes of its {@code @HandlesTypes} and a real {@code ServletContext}, on which it sets up
 * a listener, a filter and two servlets.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class ServletApplicationTest {

  @App("shop")
  public static class Shop {
    @Function
    @WsgiApp
    public static ServletContainerInitializer store() {
      return new ShopInitializer();
    }

    @Function
    @WsgiApp
    public static ServletContainerInitializer broken() {
      return (classes, context) -> {
        throw new ServletException("no stock database");
      };
    }
  }

  private static HttpResponse<String> get(Emulator emulator, String path, String customer)
      throws Exception {
    HttpClient client = emulator.httpClientBuilder().build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(emulator.webUrl("store") + path));
    if (customer != null) {
      request.header("X-Customer", customer);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheApplicationsServletsBehindItsFilterWithItsListeners() throws Exception {
    ShopListener.EVENTS.clear();
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Shop.class).start()) {
      HttpResponse<String> items = get(emulator, "/items/42", "ann");
      assertThat(items.statusCode()).isEqualTo(200);
      assertThat(items.body()).isEqualTo("items/42 in corner shop, customer ann");
      assertThat(items.headers().firstValue("X-Filtered")).hasValue("yes");
      int before = ShopListener.REQUESTS.get();
      HttpResponse<String> health = get(emulator, "/health", "bob");
      assertThat(health.body()).isEqualTo("ok after " + (before + 1) + " requests");
      assertThat(get(emulator, "/items/1", null).statusCode()).isEqualTo(401);
      assertThat(get(emulator, "/nothing-here", "ann").statusCode()).isEqualTo(404);
      // Found in the app's package tree: not ServletApplicationTest's neighbour one level up.
      assertThat(ShopInitializer.HANDED)
          .containsExactly(
              AbstractModule.class.getName(),
              HealthModule.class.getName(),
              ItemsModule.class.getName());
      assertThat(ShopListener.EVENTS).containsExactly("context initialized");
    }
    assertThat(ShopListener.EVENTS).containsExactly("context initialized", "context destroyed");
  }

  @Test
  void anInitializerThatFailsFailsTheContainerStart() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(Shop.class).start()) {
      HttpResponse<String> response =
          emulator
              .httpClientBuilder()
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(emulator.webUrl("broken"))).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body())
          .isEqualTo("modal-http: internal error: function container failed to start");
      assertThat(emulator.logs("broken")).anyMatch(line -> line.contains("no stock database"));
    }
  }
}
