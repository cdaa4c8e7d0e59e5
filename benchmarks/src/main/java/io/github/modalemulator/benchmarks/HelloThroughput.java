package io.github.modalemulator.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.examples.fastapi.HelloApp;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests per second of the seed's {@code hello} through the emulator, as a ratio to raw Undertow
 * serving the same JSON from a worker thread (the limit of our stack), both in this JVM, measured
 * by wrk in alternating rounds so drift hits both alike.
 *
 * <p>Arguments: {@code [rounds] [seconds per round] [connections] [results file]}.
 */
public final class HelloThroughput {
  private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private HelloThroughput() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path results = Path.of(args.length > 3 ? args[3] : "benchmarks/results.txt");

    Undertow raw = rawUndertow();
    raw.start();
    int rawPort = ((InetSocketAddress) raw.getListenerInfo().get(0).getAddress()).getPort();
    try (Emulator emulator = Emulator.builder().apps(HelloApp.class).start()) {
      String host = "local--example-fastapi-hello.localhost";
      check(rawPort, null);
      check(emulator.port(), host);
      // Warm-up: JIT both paths before anything counts.
      wrk(rawPort, null, 3, connections);
      wrk(emulator.port(), host, 3, connections);

      List<Double> rawRates = new ArrayList<>();
      List<Double> emulatorRates = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        rawRates.add(wrk(rawPort, null, seconds, connections));
        emulatorRates.add(wrk(emulator.port(), host, seconds, connections));
      }
      double rawMedian = median(rawRates);
      double emulatorMedian = median(emulatorRates);
      String report =
          String.format(
              Locale.ROOT,
              "fastapi_endpoint hello, %d rounds x %d s, %d connections, wrk -t1, %d cores%n"
                  + "raw Undertow (worker dispatch, Jackson): %.0f req/s (rounds: %s)%n"
                  + "emulator (gateway + journal + fastapi): %.0f req/s (rounds: %s)%n"
                  + "ratio emulator/raw: %.2f%n",
              rounds,
              seconds,
              connections,
              Runtime.getRuntime().availableProcessors(),
              rawMedian,
              format(rawRates),
              emulatorMedian,
              format(emulatorRates),
              emulatorMedian / rawMedian);
      Files.writeString(results, report, StandardCharsets.UTF_8);
    } finally {
      raw.stop();
    }
  }

  /** The baseline: what a hand-written Undertow handler does for the same answer. */
  private static Undertow rawUndertow() {
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
        .addHttpListener(0, "127.0.0.1")
        .setWorkerThreads(64)
        .setHandler(hello)
        .build();
  }

  /** Fails loudly if the server does not give the expected answer: no benchmarking of 404s. */
  private static void check(int port, String host) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "http://127.0.0.1:" + port + "/"));
    if (host != null) {
      command.addAll(List.of("-H", "Host: " + host));
    }
    Process curl = new ProcessBuilder(command).start();
    String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    curl.waitFor(10, TimeUnit.SECONDS);
    if (!body.equals("{\"message\":\"Hello, world!\"}")) {
      throw new IllegalStateException("unexpected answer on port " + port + ": " + body);
    }
  }

  private static double wrk(int port, String host, int seconds, int connections)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "wrk",
                "-t1",
                "-c" + connections,
                "-d" + seconds + "s",
                "http://127.0.0.1:" + port + "/"));
    if (host != null) {
      command.addAll(List.of("-H", "Host: " + host));
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
      throw new IllegalStateException("wrk saw errors:\n" + output);
    }
    Matcher matcher = REQUESTS_PER_SECOND.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("no Requests/sec in wrk's output:\n" + output);
    }
    return Double.parseDouble(matcher.group(1));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static String format(List<Double> values) {
    return values.stream()
        .map(v -> String.format(Locale.ROOT, "%.0f", v))
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }
}
