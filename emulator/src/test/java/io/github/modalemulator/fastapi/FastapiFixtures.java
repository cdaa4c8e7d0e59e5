package io.github.modalemulator.fastapi;

import io.github.modalemulator.App;
import io.github.modalemulator.Depends;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Header;
import io.github.modalemulator.HttpException;
import io.github.modalemulator.Query;
import io.github.modalemulator.Request;
import io.github.modalemulator.Response;
import io.github.modalemulator.StreamingResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Endpoints the FastAPI tests call. */
final class FastapiFixtures {
  private FastapiFixtures() {}

  enum Color {
    red,
    green,
    blue
  }

  record Params(
      String name,
      int n,
      boolean flag,
      double ratio,
      Color color,
      Optional<String> maybe,
      List<Integer> ids,
      String agent) {}

  record Item(String name, int price, Optional<String> note) {}

  record Typed(UUID id, LocalDate day) {}

  record Paging(int skip, int limit) {}

  record Greeting(String greetingText) {}

  record Named(@com.fasterxml.jackson.annotation.JsonProperty("item_name") String itemName) {}

  /** A resource that must be closed after the response, as a FastAPI yield dependency. */
  static final class Session implements AutoCloseable {
    static final AtomicInteger OPENED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public void close() {
      CLOSED.incrementAndGet();
    }
  }

  /** Released by a client that has read the first chunk of a slow stream. */
  static final java.util.concurrent.CountDownLatch FIRST_CHUNK_SEEN =
      new java.util.concurrent.CountDownLatch(1);

  static boolean awaitFirstChunkSeen() {
    try {
      return FIRST_CHUNK_SEEN.await(20, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @App("fa")
  static class Api {
    @Function
    @FastapiEndpoint
    static Map<String, String> hello() {
      return Map.of("message", "Hello, world!");
    }

    @Function
    @FastapiEndpoint
    static Params params(
        String name,
        int n,
        boolean flag,
        double ratio,
        Color color,
        Optional<String> maybe,
        List<Integer> ids,
        @Header("user-agent") String agent) {
      return new Params(name, n, flag, ratio, color, maybe, ids, agent);
    }

    @Function
    @FastapiEndpoint
    static Typed typed(UUID id, LocalDate day) {
      return new Typed(id, day);
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static Map<String, Item> create(Item item) {
      return Map.of("created", item);
    }

    @Function
    @FastapiEndpoint(method = "post")
    static Map<String, Object> processed(Map<String, Object> data) {
      return Map.of("processed", data);
    }

    @Function
    @FastapiEndpoint
    static Object results(String mode) {
      switch (mode) {
        case "http":
          throw new HttpException(404, "Item not found");
        case "http-detail":
          throw new HttpException(400, List.of("a", 1), Map.of("X-Error", "yes"));
        case "boom":
          throw new IllegalStateException("boom");
        case "response":
          return Response.text("created").withStatus(201).withHeader("Location", "/items/7");
        case "json-response":
          return Response.json(List.of(1, 2)).withStatus(202);
        case "html":
          return Response.bytes(
              "<p>hi</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/html");
        case "stream":
          return new StreamingResponse(Stream.of("one\n", "two\n", "three\n"), "text/plain");
        case "stream-slowly":
          return new StreamingResponse(
              Stream.of("first\n", "second\n")
                  .peek(
                      chunk -> {
                        if (chunk.startsWith("second") && !awaitFirstChunkSeen()) {
                          throw new IllegalStateException(
                              "the first chunk never reached the client");
                        }
                      }),
              "text/plain");
        case "stream-broken":
          return new StreamingResponse(
              Stream.of("fine\n", "broken")
                  .map(
                      chunk -> {
                        if (chunk.equals("broken")) {
                          throw new IllegalStateException("the generator failed");
                        }
                        return chunk;
                      }),
              "text/plain");
        case "async":
          return CompletableFuture.completedFuture(Map.of("async", true));
        case "null":
          return null;
        default:
          return Map.of("mode", mode);
      }
    }

    @Function
    @FastapiEndpoint(method = "DELETE")
    static void nothing() {}

    @Function
    @FastapiEndpoint(method = "PUT")
    static Map<String, Object> rename(@io.github.modalemulator.Body String name, int id) {
      return Map.of("renamed", name + "#" + id);
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static List<Object> pair(Item item, Paging paging) {
      return List.of(item, paging);
    }

    @Function
    @FastapiEndpoint
    static String order(@Header("x-a") String a, int n) {
      return a + n;
    }

    @Function
    @FastapiEndpoint
    static java.util.Set<Integer> ids(java.util.Set<Integer> ids) {
      return ids;
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static Item withQuery(int n, Item item) {
      return item;
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static Named named(Named named) {
      return named;
    }

    @Function
    @FastapiEndpoint
    static Object noContent() {
      throw new HttpException(204, "ignored");
    }

    @Function
    @FastapiEndpoint
    static Greeting greeting() {
      return new Greeting("hi");
    }

    @Function
    @FastapiEndpoint
    static Object nullDetail() {
      throw new HttpException(409, null);
    }

    @Function
    @FastapiEndpoint
    static Map<String, Object> whoami(Request request, @Query("q") Optional<String> query) {
      return Map.of(
          "method", request.method(),
          "path", request.path(),
          "q", query.orElse("none"),
          "host", request.header("host"),
          "client", request.clientHost());
    }

    static Paging paging(int skip, int limit) {
      return new Paging(skip, limit);
    }

    static Session session(@Header("x-token") String token) {
      if (!token.equals("good")) {
        throw new HttpException(401, "bad token");
      }
      Session.OPENED.incrementAndGet();
      return new Session();
    }

    static String user(
        @Depends(method = "session") Session session, @Depends(method = "session") Session again) {
      if (session != again) {
        throw new IllegalStateException("a dependency must be resolved once per request");
      }
      return "alice";
    }

    @Function
    @FastapiEndpoint
    static Map<String, Object> items(
        @Depends(method = "paging") Paging paging, @Depends(method = "user") String user) {
      return Map.of("paging", paging, "user", user);
    }
  }
}
