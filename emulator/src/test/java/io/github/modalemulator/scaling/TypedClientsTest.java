package io.github.modalemulator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Depends;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Header;
import io.github.modalemulator.HttpException;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.RecordedRequest;
import io.github.modalemulator.emulator.WebCallException;
import io.undertow.server.HttpHandler;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Typed clients: Java calls that become real HTTP requests through the emulator. */
class TypedClientsTest {

  record Item(String name, double price) {}

  /** A dependency that reads the query string. */
  public record Paging(int skip, int limit) {}

  @App("clients")
  static class Apps {
    @Function
    @FastapiEndpoint
    static Map<String, String> hello() {
      return Map.of("message", "Hello, world!");
    }

    @Function
    @FastapiEndpoint
    static int add(int a, int b) {
      return a + b;
    }

    @Cls
    static class Shop {
      private int served; // instance state, on the server's instance only

      @FastapiEndpoint(method = "GET")
      Map<String, String> health() {
        return Map.of("status", "healthy");
      }

      @FastapiEndpoint(method = "POST")
      Item create(Item item) {
        served++;
        return new Item(item.name().toUpperCase(), item.price());
      }

      @FastapiEndpoint(method = "GET")
      List<String> search(String q, Optional<Integer> limit, @Header("X-Team") String team) {
        return List.of(q, String.valueOf(limit.orElse(-1)), team);
      }

      @FastapiEndpoint(method = "GET")
      String missing() {
        throw new HttpException(404, "no such thing");
      }

      @FastapiEndpoint(method = "GET")
      CompletionStage<Integer> later() {
        return CompletableFuture.completedFuture(42);
      }

      @AsgiApp
      HttpHandler app() {
        return exchange -> exchange.getResponseSender().send("app");
      }

      @FastapiEndpoint(method = "GET")
      List<String> page(@Depends(Paging.class) Paging paging) {
        return List.of();
      }

      /** All instances equal: a client must still find its own emulator. */
      @Override
      public boolean equals(Object other) {
        return other instanceof Shop;
      }

      @Override
      public int hashCode() {
        return 1;
      }

      /** Not a web method: runs locally on the client. */
      int served() {
        return served;
      }
    }
  }

  @Test
  void aClientsWebMethodsSendRealRequestsAndReadTheAnswers() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(Apps.class).start()) {
      Apps.Shop shop = emulator.client(Apps.Shop.class);
      assertThat(shop.health()).isEqualTo(Map.of("status", "healthy"));
      assertThat(shop.create(new Item("lamp", 12.5))).isEqualTo(new Item("LAMP", 12.5));
      assertThat(shop.search("desk", Optional.of(3), "blue")).containsExactly("desk", "3", "blue");
      assertThat(shop.search("a b&c", Optional.empty(), "red"))
          .containsExactly("a b&c", "-1", "red");
      assertThat(shop.later().toCompletableFuture().get()).isEqualTo(42);
      assertThat(shop.served()).isZero(); // the state lives in the container, not the client

      List<RecordedRequest> requests = emulator.requests();
      assertThat(requests)
          .extracting(RecordedRequest::function, RecordedRequest::method, RecordedRequest::query)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("Shop.health", "GET", ""),
              org.assertj.core.groups.Tuple.tuple("Shop.create", "POST", ""),
              org.assertj.core.groups.Tuple.tuple("Shop.search", "GET", "q=desk&limit=3"),
              org.assertj.core.groups.Tuple.tuple("Shop.search", "GET", "q=a+b%26c"),
              org.assertj.core.groups.Tuple.tuple("Shop.later", "GET", ""));
      assertThat(requests.get(2).headers().first("x-team")).hasValue("blue");
    }
  }

  @Test
  void errorStatusesSurfaceAsWebCallExceptions() {
    try (Emulator emulator = Emulator.builder().apps(Apps.class).start()) {
      Apps.Shop shop = emulator.client(Apps.Shop.class);
      assertThatThrownBy(shop::missing)
          .isInstanceOfSatisfying(
              WebCallException.class,
              e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.body()).isEqualTo("{\"detail\":\"no such thing\"}");
              })
          .hasMessageEndingWith("answered 404: {\"detail\":\"no such thing\"}");
      assertThatThrownBy(() -> shop.create(null))
          .isInstanceOfSatisfying(
              WebCallException.class, e -> assertThat(e.status()).isEqualTo(422));
      assertThatThrownBy(() -> shop.page(new Paging(1, 2)))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("has a @Depends parameter paging whose provider reads the request");
      assertThatThrownBy(shop::app)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("it has routes of its own, so a typed client can't call it");
    }
  }

  @Test
  void staticFunctionsThroughTheCallApi() {
    try (Emulator emulator = Emulator.builder().apps(Apps.class).start()) {
      Object hello = emulator.call("hello", Map.class);
      assertThat(hello).isEqualTo(Map.of("message", "Hello, world!"));
      assertThat(emulator.call("add", Integer.class, 2, 3)).isEqualTo(5);
      int sum = emulator.call("add", int.class, 2, 3); // a primitive type comes back boxed
      assertThat(sum).isEqualTo(5);
      assertThatThrownBy(() -> emulator.call("add", Integer.class, 2))
          .hasMessage("add takes 2 arguments, got 1");
      assertThatThrownBy(() -> emulator.client(String.class))
          .hasMessageStartingWith("java.lang.String is not a @Cls class of the apps served here");
    }
  }

  @Test
  void twoEmulatorsMakeClientsOfTheSameClass() {
    try (Emulator one = Emulator.builder().apps(Apps.class).start();
        Emulator two = Emulator.builder().apps(Apps.class).start()) {
      assertThat(one.client(Apps.Shop.class).health()).isEqualTo(Map.of("status", "healthy"));
      assertThat(two.client(Apps.Shop.class).health()).isEqualTo(Map.of("status", "healthy"));
      assertThat(one.requests()).hasSize(1);
      assertThat(two.requests()).hasSize(1);
      Apps.Shop first = one.client(Apps.Shop.class);
      Apps.Shop second = two.client(Apps.Shop.class);
      assertThat(first).isEqualTo(second); // the class's own equals
      first.health();
      first.health();
      second.health();
      assertThat(one.requests()).hasSize(3);
      assertThat(two.requests()).hasSize(2);
    }
  }
}
