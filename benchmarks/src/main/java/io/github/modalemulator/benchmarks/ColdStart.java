package io.github.modalemulator.benchmarks;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Latency of a request that meets a cold container of an empty {@code @Cls} (instance made,
 * endpoint built, then served) against one that meets a warm container, in a warm JVM, over a kept
 * connection. Each round stops the idle container first, so the next request is a cold start. Once
 * per isolation: a container loading the app's class path anew (the default) against one running
 * the classes it was given.
 *
 * <p>Arguments: {@code [rounds] [results file to append to]}.
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Path results = Path.of(args.length > 1 ? args[1] : "benchmarks/results.txt");
    for (Isolation isolation : Isolation.values()) {
      measure(rounds, results, isolation);
    }
  }

  private static void measure(int rounds, Path results, Isolation isolation) throws Exception {
    try (Emulator emulator =
        Emulator.builder().apps(BenchApps.class).isolation(isolation).start()) {
      HttpClient client = emulator.httpClientBuilder().build();
      HttpRequest ping =
          HttpRequest.newBuilder(URI.create(emulator.webUrl("bench", "Empty.ping"))).build();
      List<Long> cold = new ArrayList<>();
      List<Long> warm = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        awaitIdle(emulator);
        emulator.stopIdleContainers();
        cold.add(time(client, ping));
        warm.add(time(client, ping));
      }
      if (emulator.containers("bench", "Empty.ping").containersStarted() < rounds) {
        throw new IllegalStateException("fewer cold starts than rounds: the measure is wrong");
      }
      // The first fifth warms the JIT up.
      List<Long> coldMeasured = cold.subList(rounds / 5, rounds);
      List<Long> warmMeasured = warm.subList(rounds / 5, rounds);
      String report =
          String.format(
              Locale.ROOT,
              "%nCold start of an empty @Cls, isolation %s, class path of %d entries (%d rounds,"
                  + " medians, warm JVM, kept connection):%n"
                  + "  request meeting a cold container: %.0f us%n"
                  + "  request meeting a warm container: %.0f us%n"
                  + "  the container start itself:       %.0f us%n",
              isolation,
              System.getProperty("java.class.path").split(java.io.File.pathSeparator).length,
              rounds,
              Medians.of(coldMeasured) / 1000.0,
              Medians.of(warmMeasured) / 1000.0,
              (Medians.of(coldMeasured) - Medians.of(warmMeasured)) / 1000.0);
      Medians.append(results, report);
    }
  }

  private static void awaitIdle(Emulator emulator) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (emulator.containers("bench", "Empty.ping").inputsInFlight() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the container never went idle");
      }
      Thread.sleep(1);
    }
  }

  private static long time(HttpClient client, HttpRequest request) throws Exception {
    long began = System.nanoTime();
    String body = client.send(request, BodyHandlers.ofString()).body();
    long took = System.nanoTime() - began;
    if (!body.equals("\"pong\"")) {
      throw new IllegalStateException("unexpected answer: " + body);
    }
    return took;
  }
}
