package io.github.modalemulator.internal.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Exit;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.gateway.BodyRules;
import io.github.modalemulator.internal.runtime.LocalResources;
import io.github.modalemulator.internal.runtime.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reload swaps the generation in service while a client keeps asking: no request fails, the new
 * code answers from the swap on, the old containers drain and stop ({@code @Exit} runs), and a web
 * server's fixed port passes from the old container to the new one.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class ReloadTest {
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();
  static final int WEB_SERVER_PORT = 29463;

  @App("reload")
  static class V1 {
    @Function
    @FastapiEndpoint
    static String hello() {
      return "v1";
    }

    @Function
    @FastapiEndpoint
    static String gone() {
      return "gone";
    }

    @Cls
    static class Model {
      @Exit
      void exit() {
        EVENTS.add("v1 exit");
      }

      @FastapiEndpoint
      String predict() {
        return "v1 model";
      }
    }
  }

  @App("reload")
  static class V2 {
    @Function
    @FastapiEndpoint
    static String hello() {
      return "v2";
    }

    @Function
    @FastapiEndpoint
    static String added() {
      return "added";
    }

    @Cls
    static class Model {
      @FastapiEndpoint
      String predict() {
        return "v2 model";
      }
    }
  }

  @App("reload-server")
  static class ServerV1 {
    @Function
    @WebServer(WEB_SERVER_PORT)
    static AutoCloseable files() throws IOException {
      return serve("v1");
    }
  }

  @App("reload-server")
  static class ServerV2 {
    @Function
    @WebServer(WEB_SERVER_PORT)
    static AutoCloseable files() throws IOException {
      return serve("v2");
    }
  }

  static AutoCloseable serve(String version) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", WEB_SERVER_PORT), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = version.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return () -> server.stop(0);
  }

  private EdgeServer server;

  private EdgeServer start(Class<?> app) {
    Settings settings =
        new Settings(
            new Settings.Apps(List.of(app), "local", "", false),
            new Settings.Http(
                0,
                "127.0.0.1",
                1 << 20,
                new BodyRules(1 << 20, 1 << 16, 0, Duration.ofSeconds(10), Duration.ofSeconds(5)),
                Duration.ofSeconds(30),
                Duration.ofSeconds(120),
                Duration.ofSeconds(5),
                16),
            new Settings.Edge(List.of(), 100, false, null),
            new Settings.Functions(
                EmulatorBuilder.defaultObjectMapper(),
                FastapiStack.CURRENT,
                null,
                2000,
                Duration.ofSeconds(150),
                new Settings.Clock(Ticker.SYSTEM, Duration.ofMillis(100)),
                false,
                Isolation.GENERATION,
                LocalResources.DEFAULT));
    server = EdgeServer.start(settings, deployment(app));
    return server;
  }

  private static Deployment deployment(Class<?> app) {
    return Deployment.of(List.of(app), "local", "", false);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    EVENTS.clear();
  }

  /** Asks one URL over and over until told to stop (at most 20,000 times), keeping what it got. */
  private static final class Asker extends Thread {
    final List<String> answers = new CopyOnWriteArrayList<>();
    final AtomicBoolean done = new AtomicBoolean();
    private final HttpClient client;
    private final String url;

    Asker(int port, String url) {
      this.client =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
              .version(HttpClient.Version.HTTP_1_1)
              .build();
      this.url = url;
    }

    @Override
    public void run() {
      for (int i = 0; i < 20_000 && !done.get(); i++) {
        try {
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(URI.create(url + "/"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  BodyHandlers.ofString());
          answers.add(response.statusCode() + " " + response.body());
        } catch (IOException | InterruptedException e) {
          answers.add("failed: " + e);
        }
      }
    }

    List<String> stopAndGet() throws InterruptedException {
      done.set(true);
      join(30_000);
      return new ArrayList<>(answers);
    }
  }

  @Test
  void aReloadSwapsTheCodeWithNoFailedRequestAndStopsTheOldContainers() throws Exception {
    EdgeServer edge = start(V1.class);
    String hello = edge.find("hello").web().url();
    Asker asker = new Asker(edge.port(), hello);
    asker.start();
    while (asker.answers.size() < 20) {
      Thread.sleep(1); // the client is under way (a spin would take a core from it)
    }
    // The class's container runs, so that its @Exit has something to show.
    assertThat(
            new Asker(edge.port(), edge.find("Model.predict").web().url())
                .client
                .send(
                    HttpRequest.newBuilder(URI.create(edge.find("Model.predict").web().url() + "/"))
                        .build(),
                    BodyHandlers.ofString())
                .body())
        .isEqualTo("\"v1 model\"");
    EdgeServer.Reload reload = edge.reload(deployment(V2.class));
    int afterSwap = asker.answers.size();
    while (asker.answers.size() < afterSwap + 20) {
      Thread.sleep(1);
    }
    List<String> answers = asker.stopAndGet();
    assertThat(answers).allMatch(a -> a.equals("200 \"v1\"") || a.equals("200 \"v2\""));
    assertThat(answers.get(answers.size() - 1)).isEqualTo("200 \"v2\"");
    // Once v2 answered, v1 never did again: the routes moved at once.
    assertThat(answers.subList(answers.indexOf("200 \"v2\""), answers.size()))
        .containsOnly("200 \"v2\"");
    assertThat(reload.added()).extracting(w -> w.name()).containsExactly("added");
    assertThat(reload.removed()).extracting(w -> w.name()).containsExactly("gone");
    assertThat(reload.drained()).isTrue();
    assertThat(EVENTS).containsExactly("v1 exit");
    assertThat(edge.generationNumber()).isEqualTo(2);
    assertThat(edge.find("added").web().url())
        .isEqualTo("http://local--reload-added.localhost:" + edge.port());
  }

  @Test
  void aWebServersPortPassesFromTheOldContainerToTheNewOne() throws Exception {
    EdgeServer edge = start(ServerV1.class);
    String files = edge.find("files").web().url();
    Asker asker = new Asker(edge.port(), files);
    asker.start();
    while (asker.answers.size() < 20) {
      Thread.sleep(1);
    }
    edge.reload(deployment(ServerV2.class));
    int afterSwap = asker.answers.size();
    while (asker.answers.size() < afterSwap + 20) {
      Thread.sleep(1);
    }
    List<String> answers = asker.stopAndGet();
    assertThat(answers).allMatch(a -> a.equals("200 v1") || a.equals("200 v2"));
    assertThat(answers.get(answers.size() - 1)).isEqualTo("200 v2");
  }
}
