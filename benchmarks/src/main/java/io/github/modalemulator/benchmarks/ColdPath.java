package io.github.modalemulator.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test suite pays: the first seconds of load on a JVM just started, as a suite's few hundred
 * requests meet it. Each server is a fresh JVM pinned to core 1 ({@code taskset -c 1}), wrk {@code
 * -t1} pinned to core 0, as in {@link PinnedThroughput}:
 *
 * <ul>
 *   <li>cold: requests per second over the first 5 s of load, right after the first {@code 200},
 *       with 1 and with 50 connections, a fresh JVM for each figure; {@code launches} rounds, each
 *       starting every server once in turn, and the medians. A fresh JVM's rate moves by half from
 *       one launch to the next (the VM's neighbours, where the JIT's compiles land), so one launch
 *       each proves nothing; the ratio is taken within each round (the servers of a round ran
 *       minutes apart at most) and its median reported;
 *   <li>steady state: requests per second over 5 s after 10 s of load at the same connections, raw
 *       and the jar, a fresh JVM each, in as many rounds;
 *   <li>warm-up: requests per second in each of the first 30 s of load (one-second wrk runs, 50
 *       connections, one fresh JVM).
 * </ul>
 *
 * <p>The servers: raw Undertow writing the hello map with Jackson from a worker; the emulator's
 * {@code @FastapiEndpoint} hello through the library ({@link PinnedServer}) and through {@code java
 * -jar emulator.jar deploy}.
 *
 * <p>Arguments: {@code classpath emulator.jar examples-classpath [seconds of warm-up curve]
 * [results file] [launches, 3 by default]}.
 */
public final class ColdPath {
  private static final Pattern CREATED =
      Pattern.compile("Created web function hello => http://([^:]+):(\\d+)");
  private static final int COLD_SECONDS = 5;
  private static final int WARM_UP_SECONDS = 10;

  private ColdPath() {}

  /** A way to start one server: its name, and how to launch it and find its hello. */
  private record Server(String name, Launcher launcher) {}

  private interface Launcher {
    HelloThroughput.Target launch(String name, List<Process> servers) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    String classPath = args[0];
    String jar = args[1];
    String examples = args[2];
    int curveSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    Path results = Path.of(args.length > 4 ? args[4] : "benchmarks/results.txt");
    int launches = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    if (launches < 1) {
      throw new IllegalArgumentException("launches must be at least 1, not " + launches);
    }
    List<Server> servers =
        List.of(
            new Server(
                "raw Undertow, worker + Jackson",
                (name, started) -> library(classPath, "raw-worker", null, name, started)),
            new Server(
                "@FastapiEndpoint hello, library",
                (name, started) -> library(classPath, "emulator", "FASTAPI", name, started)),
            new Server(
                "@FastapiEndpoint hello, java -jar deploy",
                (name, started) -> jar(jar, examples, name, started, "container")),
            // What per-container class loading costs the cold path and warm-up: the opt-out.
            new Server(
                "the same, --isolation generation",
                (name, started) -> jar(jar, examples, name, started, "generation")));
    StringBuilder report =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%nCold path (ColdPath): each server a fresh JVM on core 1 (taskset -c 1), wrk -t1 on"
                    + " core 0; req/s over the first %d s of load right after the first 200; %d"
                    + " rounds, each server launched once a round, medians; the ratio to raw taken"
                    + " within each round%n",
                COLD_SECONDS,
                launches));
    int[] connections = {1, 50};
    // rates[c][s][round]
    double[][][] rates = new double[connections.length][servers.size()][launches];
    for (int c = 0; c < connections.length; c++) {
      for (int round = 0; round < launches; round++) {
        for (int s = 0; s < servers.size(); s++) {
          rates[c][s][round] = once(servers.get(s), List.of(COLD_SECONDS), connections[c]).get(0);
        }
      }
    }
    for (int c = 0; c < connections.length; c++) {
      report.append(String.format(Locale.ROOT, "-c%d%n", connections[c]));
      for (int s = 0; s < servers.size(); s++) {
        appendRates(report, servers.get(s).name(), rates[c][s], rates[c][0]);
      }
    }
    // Steady state through the jar against raw: a fresh JVM each, 10 s of load, then 5 s measured.
    report.append(
        String.format(
            Locale.ROOT,
            "Steady state: req/s over %d s after %d s of load at the same connections (a fresh JVM"
                + " each, %d rounds, ratio to raw within each round)%n",
            COLD_SECONDS,
            WARM_UP_SECONDS,
            launches));
    List<Server> steadyServers = List.of(servers.get(0), servers.get(2));
    for (int connection : connections) {
      double[][] steady = new double[steadyServers.size()][launches];
      for (int round = 0; round < launches; round++) {
        for (int s = 0; s < steadyServers.size(); s++) {
          steady[s][round] =
              once(steadyServers.get(s), List.of(WARM_UP_SECONDS, COLD_SECONDS), connection).get(1);
        }
      }
      report.append(String.format(Locale.ROOT, "-c%d%n", connection));
      for (int s = 0; s < steadyServers.size(); s++) {
        appendRates(report, steadyServers.get(s).name(), steady[s], steady[0]);
      }
    }
    report.append(
        String.format(
            Locale.ROOT,
            "Warm-up, -c50: req/s in each second of the first %d s of load (a fresh JVM each)%n",
            curveSeconds));
    for (Server server : servers) {
      List<Double> curve = once(server, Collections.nCopies(curveSeconds, 1), 50);
      report.append(
          String.format(Locale.ROOT, "%-42s %s%n", server.name(), HelloThroughput.format(curve)));
    }
    Medians.append(results, report.toString());
    System.out.print(report);
  }

  /** One server's line: the median of its rates, and of its ratios to raw's within each round. */
  private static void appendRates(StringBuilder report, String name, double[] mine, double[] raw) {
    List<Double> rates = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < mine.length; round++) {
      rates.add(mine[round]);
      ratios.add(mine[round] / raw[round]);
    }
    report.append(
        String.format(
            Locale.ROOT,
            "  %-42s %8.0f req/s (launches: %s)  ratio to raw %.2f (rounds: %s)%n",
            name,
            Medians.of(rates),
            HelloThroughput.format(rates),
            Medians.of(ratios),
            ratios.stream()
                .map(ratio -> String.format(Locale.ROOT, "%.2f", ratio))
                .collect(java.util.stream.Collectors.joining(", "))));
  }

  /**
   * Starts the server in a fresh JVM, waits for its first hello, then runs wrk once per entry of
   * {@code seconds}, back to back; the req/s of each run.
   */
  private static List<Double> once(Server server, List<Integer> seconds, int connections)
      throws Exception {
    List<Process> started = new ArrayList<>();
    try {
      HelloThroughput.Target target = server.launcher().launch(server.name(), started);
      firstHello(target);
      List<Double> rates = new ArrayList<>();
      for (int duration : seconds) {
        rates.add(HelloThroughput.wrk(PinnedThroughput.PINNED_WRK, target, duration, connections));
      }
      return rates;
    } finally {
      for (Process process : started) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * Polls until the hello answers (a server prints its port before its first request is served).
   */
  private static void firstHello(HelloThroughput.Target target) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        HelloThroughput.check(target);
        return;
      } catch (IllegalStateException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(10);
      }
    }
  }

  private static HelloThroughput.Target library(
      String classPath, String kind, String hostKey, String name, List<Process> started)
      throws IOException {
    Map<String, String> lines = PinnedThroughput.launch(classPath, kind, started);
    return new HelloThroughput.Target(
        name, Integer.parseInt(lines.get("PORT")), hostKey == null ? null : lines.get(hostKey));
  }

  private static HelloThroughput.Target jar(
      String jar, String examples, String name, List<Process> started, String isolation)
      throws IOException {
    Process process =
        PinnedThroughput.startPinned(
            List.of(
                "java",
                "-jar",
                jar,
                "deploy",
                "--port",
                "0",
                "--isolation",
                isolation,
                "--cp",
                examples,
                "io.github.modalemulator.examples.fastapi.HelloApp"),
            started);
    BufferedReader out = PinnedThroughput.output(process);
    for (String line; (line = out.readLine()) != null; ) {
      Matcher created = CREATED.matcher(line);
      if (created.find()) {
        // The jar prints on: its output must not fill the pipe and block it.
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
        drain.setDaemon(true);
        drain.start();
        return new HelloThroughput.Target(
            name, Integer.parseInt(created.group(2)), created.group(1));
      }
    }
    throw new IllegalStateException("emulator.jar deploy ended before it printed hello's URL");
  }
}
