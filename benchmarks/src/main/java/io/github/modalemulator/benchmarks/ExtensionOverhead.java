package io.github.modalemulator.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.examples.asgi.ConfiguredApp;
import io.github.modalemulator.examples.asgi.CreateApp;
import io.github.modalemulator.examples.asgi.CreateAsgi;
import io.github.modalemulator.examples.cls.MyApiApp;
import io.github.modalemulator.examples.fastapi.ConfiguredHandler;
import io.github.modalemulator.examples.fastapi.CustomDomainsApp;
import io.github.modalemulator.examples.fastapi.HelloApp;
import io.github.modalemulator.examples.fastapi.SecureApp;
import io.github.modalemulator.examples.fastapi.WebEndpointMigration;
import io.github.modalemulator.examples.webserver.CompiledBinary;
import io.github.modalemulator.examples.webserver.DevServer;
import io.github.modalemulator.examples.webserver.FileServer;
import io.github.modalemulator.examples.webserver.InProcessServer;
import io.github.modalemulator.examples.webserver.JdkFileServer;
import io.github.modalemulator.examples.webserver.StartServer;
import io.github.modalemulator.examples.wsgi.ConfiguredWsgi;
import io.github.modalemulator.examples.wsgi.FlaskApp;
import io.github.modalemulator.examples.wsgi.JerseyApp;
import io.github.modalemulator.junit.ModalEmulator;
import io.github.modalemulator.junit.WebUrl;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What {@code @ModalEmulator} costs a test class, in a warm JVM: a class with one test that calls
 * the examples' {@code hello}, run through the JUnit Platform with the extension (the emulator of
 * every example app starts, serves the call, stops; the deprecated alias is left out, as it warns
 * at every start), against the same class calling an emulator that is already running. The
 * difference is the per-class overhead.
 *
 * <p>Arguments: {@code [rounds] [results file to append to]}.
 */
public final class ExtensionOverhead {
  private ExtensionOverhead() {}

  static Emulator running;

  /** One request through a fresh client, as a test would send it. */
  static void hello(String url, InetSocketAddress proxy) throws Exception {
    HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(proxy)).build();
    String body =
        client
            .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString())
            .body();
    if (!body.equals("{\"message\":\"Hello, world!\"}")) {
      throw new AssertionError("unexpected answer: " + body);
    }
  }

  @ModalEmulator(
      apps = {
        HelloApp.class,
        ConfiguredHandler.class,
        CustomDomainsApp.class,
        SecureApp.class,
        WebEndpointMigration.New.class,
        CreateApp.class,
        ConfiguredApp.class,
        CreateAsgi.class,
        FlaskApp.class,
        ConfiguredWsgi.class,
        JerseyApp.class,
        MyApiApp.class,
        FileServer.class,
        JdkFileServer.class,
        InProcessServer.class,
        StartServer.class,
        CompiledBinary.class,
        DevServer.class
      })
  public static class WithExtension {
    @Test
    void hello(Emulator emulator, @WebUrl("hello") String url) throws Exception {
      ExtensionOverhead.hello(url, emulator.proxyAddress());
    }
  }

  public static class Baseline {
    @Test
    void hello() throws Exception {
      ExtensionOverhead.hello(running.webUrl("hello"), running.proxyAddress());
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    Path results = Path.of(args.length > 1 ? args[1] : "benchmarks/results.txt");
    running = Emulator.builder().apps(HelloApp.class).start();
    try {
      for (int i = 0; i < rounds / 3; i++) { // warm-up
        run(WithExtension.class);
        run(Baseline.class);
      }
      List<Long> with = new ArrayList<>();
      List<Long> without = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        with.add(run(WithExtension.class));
        without.add(run(Baseline.class));
      }
      double overhead = (Medians.of(with) - Medians.of(without)) / 1e6;
      String report =
          String.format(
              Locale.ROOT,
              "%n@ModalEmulator per-class overhead (every example app but the deprecated alias, %d rounds, medians, warm"
                  + " JVM):%n"
                  + "  test class with the extension:      %.1f ms%n"
                  + "  same class, emulator already up:    %.1f ms%n"
                  + "  the extension's cost per class:     %.1f ms (target < 50 ms)%n",
              rounds,
              Medians.of(with) / 1e6,
              Medians.of(without) / 1e6,
              overhead);
      Medians.append(results, report);
    } finally {
      running.close();
    }
  }

  private static long run(Class<?> testClass) {
    long began = System.nanoTime();
    var events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    long took = System.nanoTime() - began;
    if (events.testEvents().succeeded().count() != 1) {
      throw new IllegalStateException(
          testClass.getSimpleName() + " failed: " + events.testEvents().failed().list());
    }
    return took;
  }
}
