package io.github.modalemulator.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Body;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import io.github.modalemulator.emulator.Emulator;
import io.undertow.server.HttpHandler;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Null;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stopped container's classes go with it, as a cloud container's process does: nothing the
 * emulator keeps (Jackson's caches of the types and serializers of its records among them) holds
 * its class loader once it has stopped, so a long test run that starts and stops containers doesn't
 * pile up copies of the app's classes. Through the real server on a loopback port; the containers'
 * loaders are watched through weak references that the app's own code hands over.
 */
class ContainerUnloadingTest {
  /**
   * Where each container's code leaves a weak reference to its class loader: a JDK map, which every
   * copy of the app's classes sees (a constant: each copy has its own statics).
   */
  private static final String SEEN = "modal-emulator.test.unloading.loaders";

  @App("unloading")
  static class RecordsApp {
    record Item(String name, int count) {}

    /** Reads and writes a record of the container's own copy of the app. */
    @Function
    @FastapiEndpoint(method = "POST")
    static Item echo(@Body Item item) {
      seen(RecordsApp.class.getClassLoader());
      return new Item(item.name() + "!", item.count() + 1);
    }

    /**
     * A record whose field must be absent: its violation's input is the container's record. Made
     * before the checks, it reports its container's loader (its function never runs).
     */
    record Strict(@Null Item extra) {
      Strict {
        seen(Strict.class.getClassLoader());
      }
    }

    @Function
    @FastapiEndpoint(method = "POST")
    static String strict(@Body Strict body) {
      return "accepted";
    }

    /** An Undertow handler of the container's own classes. */
    @Function
    @AsgiApp
    static HttpHandler handler() {
      seen(RecordsApp.class.getClassLoader());
      return exchange -> exchange.getResponseSender().send(new Item("h", 1).toString());
    }

    /** A servlet of the container's own classes, deployed by Undertow's servlet container. */
    @Function
    @WsgiApp
    static Servlet servlet() {
      seen(RecordsApp.class.getClassLoader());
      return new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
          response.getWriter().write(new Item("s", 1).toString());
        }
      };
    }

    @Cls
    static class Counter {
      @FastapiEndpoint
      List<Item> items() {
        seen(Counter.class.getClassLoader());
        return List.of(new Item("a", 1));
      }
    }

    @SuppressWarnings("unchecked") // the JDK's map holds what this code put there
    private static void seen(ClassLoader loader) {
      synchronized (System.getProperties()) {
        ((List<WeakReference<ClassLoader>>)
                System.getProperties().computeIfAbsent(SEEN, k -> new ArrayList<>()))
            .add(new WeakReference<>(loader));
      }
    }
  }

  @Test
  void aStoppedContainersClassesCanBeCollectedWhileTheEmulatorServes() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(RecordsApp.class).port(0).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      assertThat(post(client, emulator.webUrl("echo"), "{\"name\":\"a\",\"count\":1}").body())
          .isEqualTo("{\"name\":\"a!\",\"count\":2}");
      // A 422 writes the invalid input back through the emulator's error writer.
      assertThat(post(client, emulator.webUrl("echo"), "{\"name\":\"a\",\"count\":\"x\"}"))
          .extracting(HttpResponse::statusCode)
          .isEqualTo(422);
      // A constraint's 422 writes the container's own record back as the invalid input.
      assertThat(
              post(client, emulator.webUrl("strict"), "{\"extra\":{\"name\":\"a\",\"count\":1}}"))
          .satisfies(
              response -> {
                assertThat(response.statusCode()).isEqualTo(422);
                assertThat(response.body()).contains("\"input\":{\"name\":\"a\",\"count\":1}");
              });
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(emulator.webUrl("Counter.items"))).build(),
                      BodyHandlers.ofString())
                  .body())
          .isEqualTo("[{\"name\":\"a\",\"count\":1}]");
      assertThat(get(client, emulator.webUrl("handler"))).isEqualTo("Item[name=h, count=1]");
      assertThat(get(client, emulator.webUrl("servlet"))).isEqualTo("Item[name=s, count=1]");
      List<WeakReference<ClassLoader>> loaders = seenLoaders();
      assertThat(loaders).hasSize(5);
      assertThat(loaders.get(0).get()).isNotSameAs(RecordsApp.class.getClassLoader());

      emulator.stopIdleContainers();

      assertThat(collectedWithin(loaders, 10))
          .as("every stopped container's loader is collected")
          .isTrue();
      // The emulator serves on, with fresh containers.
      assertThat(post(client, emulator.webUrl("echo"), "{\"name\":\"b\",\"count\":2}").body())
          .isEqualTo("{\"name\":\"b!\",\"count\":3}");
    } finally {
      System.getProperties().remove(SEEN);
    }
  }

  private static String get(HttpClient client, String url) throws Exception {
    return client
        .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString())
        .body();
  }

  private static HttpResponse<String> post(HttpClient client, String url, String json)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static List<WeakReference<ClassLoader>> seenLoaders() {
    synchronized (System.getProperties()) {
      return List.copyOf((List<WeakReference<ClassLoader>>) System.getProperties().get(SEEN));
    }
  }

  /** Whether every loader is gone within {@code seconds}, asking the JVM for full collections. */
  private static boolean collectedWithin(List<WeakReference<ClassLoader>> loaders, int seconds)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (loaders.stream().anyMatch(ref -> ref.get() != null)) {
      if (System.nanoTime() - until > 0) {
        return false;
      }
      System.gc();
      Thread.sleep(50);
    }
    return true;
  }
}
