package io.github.modalemulator.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.EmulatorBuilder;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.examples.fastapi.HelloApp;
import io.github.modalemulator.internal.definition.Deployment;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.runtime.FunctionLog;
import io.github.modalemulator.internal.runtime.fastapi.FastapiApp;
import io.github.modalemulator.internal.runtime.fastapi.FastapiOptions;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests per second of the same JSON hello through each endpoint kind of the emulator, as ratios
 * to a baseline measured in the same run, all servers in this JVM, measured by wrk in alternating
 * rounds so drift hits all alike. The baseline for fastapi, asgi and wsgi is raw Undertow serving
 * the JSON from a worker thread (the limit of our stack); for web_server it is the backend the
 * function starts, called directly, so the ratio is the cost of the forwarding proxy.
 *
 * <p>Arguments: {@code [rounds] [seconds per round] [connections] [results file]}.
 */
public final class HelloThroughput {
  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private HelloThroughput() {}

  /**
   * One thing wrk calls: a port, the Host that routes to a function (null for none), and more
   * headers ({@code "Name: value"}).
   */
  record Target(String name, int port, String host, List<String> headers) {
    Target(String name, int port, String host) {
      this(name, port, host, List.of());
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path results = Path.of(args.length > 3 ? args[3] : "benchmarks/results.txt");

    Undertow raw = rawUndertow(0);
    raw.start();
    int rawPort = ((InetSocketAddress) raw.getListenerInfo().get(0).getAddress()).getPort();
    // The limit of forwarding on this stack: Undertow's proxy, nothing else, to the same backend.
    Undertow rawProxy = rawProxy();
    rawProxy.start();
    int proxyPort = ((InetSocketAddress) rawProxy.getListenerInfo().get(0).getAddress()).getPort();
    // The same FastAPI endpoint without the emulator around it: no gateway, journal or pool.
    Undertow bareFastapi = bareFastapiHello();
    bareFastapi.start();
    int barePort =
        ((InetSocketAddress) bareFastapi.getListenerInfo().get(0).getAddress()).getPort();
    // Routing cost against the number of functions: one, and a thousand (the last one called).
    Class<?> one = GeneratedApps.withHelloFunctions("one", 1);
    Class<?> thousand = GeneratedApps.withHelloFunctions("thousand", 1000);
    try (Emulator emulator =
            Emulator.builder()
                .apps(HelloApp.class, BenchApps.class)
                .proxyAuthToken("wk-bench", "ws-bench-secret")
                .start();
        Emulator withOne = Emulator.builder().apps(one).start();
        Emulator withThousand = Emulator.builder().apps(thousand).start()) {
      Target baseline = new Target("raw Undertow (worker dispatch, Jackson)", rawPort, null);
      Target fastapi = function(emulator, "fastapi_endpoint", "example-fastapi", "hello");
      Target byDomain =
          new Target("fastapi_endpoint by custom domain", emulator.port(), "bench.example.com");
      Target withAuth =
          new Target(
              "fastapi_endpoint with proxy auth",
              emulator.port(),
              host(emulator, "bench", "helloWithAuth"),
              List.of("Modal-Key: wk-bench", "Modal-Secret: ws-bench-secret"));
      Target asgi = function(emulator, "asgi_app", "bench", "asgiHello");
      Target wsgi = function(emulator, "wsgi_app", "bench", "wsgiHello");
      Target webServer = function(emulator, "web_server", "bench", "webServerHello");
      Target backend = new Target("web_server's backend, direct", BenchApps.BACKEND_PORT, null);
      Target proxy = new Target("raw Undertow ProxyHandler to the backend", proxyPort, null);
      Target bare = new Target("fastapi handler alone (no gateway/pool)", barePort, null);
      Target oneFunction =
          new Target("emulator with 1 function", withOne.port(), host(withOne, "one", "hello0"));
      Target thousandFunctions =
          new Target(
              "emulator with 1,000 functions (the last)",
              withThousand.port(),
              host(withThousand, "thousand", "hello999"));
      // Checking web_server's answer starts its container, and with it the backend.
      List<Target> all =
          List.of(
              baseline,
              fastapi,
              byDomain,
              withAuth,
              asgi,
              wsgi,
              webServer,
              backend,
              proxy,
              bare,
              oneFunction,
              thousandFunctions);
      for (Target target : all) {
        check(target);
      }

      // Warm-up: JIT every path before anything counts.
      for (Target target : all) {
        wrk(target, 3, connections);
      }
      Map<Target, List<Double>> rates = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (Target target : all) {
          rates
              .computeIfAbsent(target, t -> new ArrayList<>())
              .add(wrk(target, seconds, connections));
        }
      }
      StringBuilder report =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "JSON hello through each endpoint kind, %d rounds x %d s, %d connections,"
                      + " wrk -t1, %d cores (%s), Java %s, median req/s%n",
                  rounds,
                  seconds,
                  connections,
                  Runtime.getRuntime().availableProcessors(),
                  cpuModel(),
                  System.getProperty("java.version")));
      for (Target target : all) {
        report.append(
            String.format(
                Locale.ROOT,
                "%-42s %7.0f req/s (rounds: %s)%n",
                target.name(),
                Medians.of(rates.get(target)),
                format(rates.get(target))));
      }
      double base = Medians.of(rates.get(baseline));
      report.append("ratios:\n");
      for (Target target : List.of(fastapi, asgi, wsgi)) {
        report.append(
            String.format(
                Locale.ROOT,
                "  %-16s / raw Undertow:      %.2f%n",
                target.name(),
                Medians.of(rates.get(target)) / base));
      }
      report.append(
          String.format(
              Locale.ROOT,
              "  %-16s / its backend direct: %.2f (target >= 0.7)%n"
                  + "  raw Undertow proxy / the backend direct: %.2f (the stack's limit)%n"
                  + "  %-16s / raw Undertow proxy: %.2f%n",
              webServer.name(),
              Medians.of(rates.get(webServer)) / Medians.of(rates.get(backend)),
              Medians.of(rates.get(proxy)) / Medians.of(rates.get(backend)),
              webServer.name(),
              Medians.of(rates.get(webServer)) / Medians.of(rates.get(proxy))));
      report.append(
          String.format(
              Locale.ROOT,
              "  fastapi_endpoint / its handler alone: %.2f (the gateway, journal and container"
                  + " pool in the path; target >= 0.9)%n"
                  + "  by custom domain / by label: %.2f%n"
                  + "  with proxy auth / without: %.2f%n"
                  + "  1,000 functions / 1 function: %.2f (routing must not grow with the count)%n",
              Medians.of(rates.get(fastapi)) / Medians.of(rates.get(bare)),
              Medians.of(rates.get(byDomain)) / Medians.of(rates.get(fastapi)),
              Medians.of(rates.get(withAuth)) / Medians.of(rates.get(fastapi)),
              Medians.of(rates.get(thousandFunctions)) / Medians.of(rates.get(oneFunction))));
      Files.writeString(results, report, StandardCharsets.UTF_8);
    } finally {
      bareFastapi.stop();
      rawProxy.stop();
      raw.stop();
    }
  }

  /** The CPU's model name, from Linux's /proc/cpuinfo; "unknown CPU" elsewhere. */
  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String host(Emulator emulator, String app, String name) {
    return URI.create(emulator.webUrl(app, name)).getHost();
  }

  private static Target function(Emulator emulator, String kind, String app, String name) {
    URI url = URI.create(emulator.webUrl(app, name));
    return new Target(kind, emulator.port(), url.getHost());
  }

  /** The baseline: what a hand-written Undertow handler does for the same answer. */
  static Undertow rawUndertow(int port) {
    HttpHandler hello =
        new HttpHandler() {
          @Override
          public void handleRequest(io.undertow.server.HttpServerExchange exchange)
              throws Exception {
            if (exchange.isInIoThread()) {
              exchange.dispatch(this); // user code may block, as in the emulator
              return;
            }
            byte[] body = JSON.writeValueAsBytes(Map.of("message", "Hello, world!"));
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
          }
        };
    return Undertow.builder()
        .addHttpListener(port, "127.0.0.1")
        .setWorkerThreads(64)
        .setHandler(hello)
        .build();
  }

  /** HelloApp's FastAPI handler, as a container holds it, served by Undertow from a worker. */
  private static Undertow bareFastapiHello() {
    FunctionDefinition hello =
        Deployment.of(List.of(HelloApp.class), "local", "", false).endpoints().get(0).function();
    FastapiApp app =
        new FastapiApp(
            hello,
            null,
            new FastapiOptions(EmulatorBuilder.defaultObjectMapper(), FastapiStack.CURRENT),
            new FunctionLog("bare-hello"));
    HttpHandler dispatching =
        new HttpHandler() {
          @Override
          public void handleRequest(io.undertow.server.HttpServerExchange exchange)
              throws Exception {
            if (exchange.isInIoThread()) {
              exchange.dispatch(this);
              return;
            }
            app.handleRequest(exchange);
          }
        };
    return Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setWorkerThreads(64)
        .setHandler(dispatching)
        .build();
  }

  /** Undertow's reverse proxy alone, pooled as the emulator pools, in front of the backend. */
  private static Undertow rawProxy() {
    LoadBalancingProxyClient client =
        new LoadBalancingProxyClient()
            .addHost(URI.create("http://127.0.0.1:" + BenchApps.BACKEND_PORT))
            .setConnectionsPerThread(32)
            .setSoftMaxConnectionsPerThread(32)
            .setMaxQueueSize(4096);
    return Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setHandler(ProxyHandler.builder().setProxyClient(client).setMaxRequestTime(-1).build())
        .build();
  }

  /** Fails loudly if the server does not give the expected answer: no benchmarking of 404s. */
  static void check(Target target) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("curl", "-s", "http://127.0.0.1:" + target.port() + "/"));
    if (target.host() != null) {
      command.addAll(List.of("-H", "Host: " + target.host()));
    }
    for (String header : target.headers()) {
      command.addAll(List.of("-H", header));
    }
    Process curl = new ProcessBuilder(command).start();
    String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    curl.waitFor(10, TimeUnit.SECONDS);
    if (!body.equals(BenchApps.HELLO_JSON)) {
      throw new IllegalStateException("unexpected answer from " + target + ": " + body);
    }
  }

  static double wrk(Target target, int seconds, int connections)
      throws IOException, InterruptedException {
    return wrk(List.of(), target, seconds, connections);
  }

  /** wrk run with a prefix ({@code taskset -c 0}, to pin it), its requests per second. */
  static double wrk(List<String> prefix, Target target, int seconds, int connections)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(
        List.of(
            "wrk",
            "-t1",
            "-c" + connections,
            "-d" + seconds + "s",
            "http://127.0.0.1:" + target.port() + "/"));
    if (target.host() != null) {
      command.addAll(List.of("-H", "Host: " + target.host()));
    }
    for (String header : target.headers()) {
      command.addAll(List.of("-H", header));
    }
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = wrk.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
      wrk.destroyForcibly();
      throw new IllegalStateException("wrk did not finish");
    }
    if (output.contains("Non-2xx") || output.contains("Socket errors")) {
      throw new IllegalStateException("wrk saw errors from " + target + ":\n" + output);
    }
    Matcher matcher = REQUESTS_PER_SECOND.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("no Requests/sec in wrk's output:\n" + output);
    }
    return Double.parseDouble(matcher.group(1));
  }

  static String format(List<Double> values) {
    return values.stream()
        .map(v -> String.format(Locale.ROOT, "%.0f", v))
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }
}
