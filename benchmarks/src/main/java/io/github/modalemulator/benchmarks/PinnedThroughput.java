package io.github.modalemulator.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a user's machine pays per request: each server in a JVM of its own pinned to one core
 * ({@code taskset -c 1}), wrk pinned to the other ({@code taskset -c 0}), alternating rounds so
 * that drift hits every server alike. Ratios against raw Undertow doing the same work in the same
 * run.
 *
 * <p>Arguments: {@code classpath [rounds] [seconds] [connections] [results file]}.
 */
public final class PinnedThroughput {
  /** wrk's prefix: the core the servers are not on. */
  static final List<String> PINNED_WRK = List.of("taskset", "-c", "0");

  private PinnedThroughput() {}

  public static void main(String[] args) throws Exception {
    String classPath = args[0];
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    Path results = Path.of(args.length > 4 ? args[4] : "benchmarks/results.txt");
    List<Process> servers = new ArrayList<>();
    try {
      Map<String, String> rawIo = launch(classPath, "raw-io", servers);
      Map<String, String> rawWorker = launch(classPath, "raw-worker", servers);
      Map<String, String> emulator = launch(classPath, "emulator", servers);
      int emulatorPort = Integer.parseInt(emulator.get("PORT"));
      HelloThroughput.Target ioBase =
          new HelloThroughput.Target(
              "raw Undertow, handler on the I/O thread", Integer.parseInt(rawIo.get("PORT")), null);
      HelloThroughput.Target asgi =
          new HelloThroughput.Target("@AsgiApp, same handler", emulatorPort, emulator.get("ASGI"));
      HelloThroughput.Target workerBase =
          new HelloThroughput.Target(
              "raw Undertow, worker + Jackson", Integer.parseInt(rawWorker.get("PORT")), null);
      HelloThroughput.Target fastapi =
          new HelloThroughput.Target(
              "@FastapiEndpoint hello", emulatorPort, emulator.get("FASTAPI"));
      List<HelloThroughput.Target> all = List.of(ioBase, asgi, workerBase, fastapi);
      for (HelloThroughput.Target target : all) {
        HelloThroughput.check(target);
      }
      List<String> pinnedWrk = PINNED_WRK;
      for (HelloThroughput.Target target : all) {
        HelloThroughput.wrk(pinnedWrk, target, 2 * seconds, connections); // JIT warm-up
      }
      Map<HelloThroughput.Target, List<Double>> rates = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (HelloThroughput.Target target : all) {
          rates
              .computeIfAbsent(target, t -> new ArrayList<>())
              .add(HelloThroughput.wrk(pinnedWrk, target, seconds, connections));
        }
      }
      StringBuilder report =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%nPinned: each server its own JVM on core 1 (taskset -c 1), wrk -t1 -c%d on core 0,"
                      + " %d alternating rounds x %d s after a warm-up round of twice that, median req/s%n",
                  connections,
                  rounds,
                  seconds));
      for (HelloThroughput.Target target : all) {
        report.append(
            String.format(
                Locale.ROOT,
                "%-42s %7.0f req/s (rounds: %s)%n",
                target.name(),
                Medians.of(rates.get(target)),
                HelloThroughput.format(rates.get(target))));
      }
      report.append(
          String.format(
              Locale.ROOT,
              "ratios (pinned):%n"
                  + "  @AsgiApp         / raw Undertow on the I/O thread: %.2f (target >= 0.85)%n"
                  + "  @FastapiEndpoint / raw Undertow worker + Jackson:  %.2f (target >= 0.85)%n",
              Medians.of(rates.get(asgi)) / Medians.of(rates.get(ioBase)),
              Medians.of(rates.get(fastapi)) / Medians.of(rates.get(workerBase))));
      Medians.append(results, report.toString());
      System.out.print(report);
    } finally {
      servers.forEach(Process::destroyForcibly);
    }
  }

  /** Starts a server pinned to core 1 and reads the lines it prints up to its port. */
  static Map<String, String> launch(String classPath, String kind, List<Process> servers)
      throws IOException {
    Process process =
        startPinned(
            List.of(
                "java",
                "-Dorg.jboss.logging.provider=slf4j",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                classPath,
                PinnedServer.class.getName(),
                kind),
            servers);
    Map<String, String> lines = new HashMap<>();
    BufferedReader out = output(process);
    int expected = kind.equals("emulator") ? 3 : 1;
    while (lines.size() < expected) {
      String line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("the " + kind + " server ended before it printed its port");
      }
      int space = line.indexOf(' ');
      if (space > 0) {
        lines.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return lines;
  }

  /** Starts a command on core 1 ({@code taskset -c 1}), added to {@code servers} to be killed. */
  static Process startPinned(List<String> command, List<Process> servers) throws IOException {
    List<String> pinned = new ArrayList<>(List.of("taskset", "-c", "1"));
    pinned.addAll(command);
    Process process =
        new ProcessBuilder(pinned).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    servers.add(process);
    return process;
  }

  /** A process's standard output, line by line. */
  static BufferedReader output(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }
}
