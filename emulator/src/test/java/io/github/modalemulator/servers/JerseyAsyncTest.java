package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import io.github.modalemulator.emulator.Emulator;
import jakarta.servlet.Servlet;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.Test;

/** Jersey's async and SSE resources, which need {@code startAsync}, on an {@code @WsgiApp}. */
class JerseyAsyncTest {

  @Path("/")
  public static class Resources {
    @GET
    @Path("slow")
    public void slow(@Suspended AsyncResponse response) {
      new Thread(
              () -> {
                sleep(100);
                response.resume("resumed on " + Thread.currentThread().getName());
              },
              "jersey-worker")
          .start();
    }

    @GET
    @Path("ticks")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void ticks(@Context SseEventSink sink, @Context Sse sse) {
      new Thread(
              () -> {
                try (sink) {
                  for (int i = 1; i <= 3; i++) {
                    sleep(30);
                    sink.send(sse.newEventBuilder().name("tick").data(String.valueOf(i)).build())
                        .toCompletableFuture()
                        .join();
                  }
                }
              },
              "sse-worker")
          .start();
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @App("jersey-async")
  static class JerseyApp {
    @Function
    @WsgiApp
    static Servlet api() {
      return new ServletContainer(new ResourceConfig(Resources.class));
    }
  }

  /** The input ends as its exchange completes, a moment after the client has the whole answer. */
  private static int inputsInFlightOnceSettled(Emulator emulator, String function)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (emulator.containers(function).inputsInFlight() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return emulator.containers(function).inputsInFlight();
  }

  @Test
  void suspendedAndServerSentEventResourcesAnswer() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(JerseyApp.class).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      HttpResponse<String> slow =
          client.send(
              HttpRequest.newBuilder(URI.create(emulator.webUrl("api") + "/slow")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(slow.statusCode()).isEqualTo(200);
      assertThat(slow.body()).isEqualTo("resumed on jersey-worker");
      HttpResponse<String> ticks =
          client.send(
              HttpRequest.newBuilder(URI.create(emulator.webUrl("api") + "/ticks")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ticks.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(ticks.body())
          .isEqualTo("event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\nevent: tick\ndata: 3\n\n");
      assertThat(inputsInFlightOnceSettled(emulator, "api")).isZero();
    }
  }
}
