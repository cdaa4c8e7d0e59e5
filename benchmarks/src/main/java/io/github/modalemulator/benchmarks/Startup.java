package io.github.modalemulator.benchmarks;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.examples.asgi.ConfiguredApp;
import io.github.modalemulator.examples.asgi.CreateApp;
import io.github.modalemulator.examples.asgi.CreateAsgi;
import io.github.modalemulator.examples.cls.MyApiApp;
import io.github.modalemulator.examples.fastapi.ConfiguredHandler;
import io.github.modalemulator.examples.fastapi.CustomDomainsApp;
import io.github.modalemulator.examples.fastapi.HelloApp;
import io.github.modalemulator.examples.fastapi.SecureApp;
import io.github.modalemulator.examples.wsgi.ConfiguredWsgi;
import io.github.modalemulator.examples.wsgi.FlaskApp;
import io.github.modalemulator.examples.wsgi.JerseyApp;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Startup: {@code Emulator.start()} to the first answered request in a warm JVM; {@code java -jar
 * emulator.jar deploy} (every example app) from launch to the first answered request; and the jar's
 * heap after a full GC once it has answered (idle).
 *
 * <p>Arguments: {@code [in-JVM rounds] [process rounds] [results file to append to]}.
 */
public final class Startup {
  private static final Pattern READY =
      Pattern.compile("Emulator ready at http://127.0.0.1:(\\d+) .*");
  private static final String HELLO = "{\"message\":\"Hello, world!\"}";

  private Startup() {}

  public static void main(String[] args) throws Exception {
    int jvmRounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int processRounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path results = Path.of(args.length > 2 ? args[2] : "benchmarks/results.txt");

    List<Long> inJvm = new ArrayList<>();
    for (int i = 0; i < jvmRounds * 3 / 2; i++) {
      long began = System.nanoTime();
      try (Emulator emulator =
          Emulator.builder()
              .apps(
                  HelloApp.class,
                  ConfiguredHandler.class,
                  CustomDomainsApp.class,
                  SecureApp.class,
                  CreateApp.class,
                  ConfiguredApp.class,
                  CreateAsgi.class,
                  FlaskApp.class,
                  ConfiguredWsgi.class,
                  JerseyApp.class,
                  MyApiApp.class)
              .start()) {
        hello(emulator.webUrl("hello"), emulator.port());
        long took = System.nanoTime() - began;
        if (i >= jvmRounds / 2) { // the first rounds warm the JIT
          inJvm.add(took);
        }
      }
    }

    List<Long> launches = new ArrayList<>();
    long idleHeapKiB = -1;
    for (int i = 0; i < processRounds; i++) {
      long began = System.nanoTime();
      Launched jar = launch();
      try {
        int port = awaitReady(jar);
        hello("http://local--example-fastapi-hello.localhost:" + port, port);
        launches.add(System.nanoTime() - began);
        if (i == processRounds - 1) {
          idleHeapKiB = heapAfterGc(jar.process().pid());
        }
      } finally {
        jar.process().destroy();
        if (!jar.process().waitFor(30, TimeUnit.SECONDS)) {
          jar.process().destroyForcibly();
        }
        Files.deleteIfExists(jar.output());
      }
    }
    String report =
        String.format(
            Locale.ROOT,
            "%nStartup (medians):%n"
                + "  Emulator.start() to the first answered request, warm JVM, 11 example apps:"
                + " %.1f ms (%d rounds)%n"
                + "  java -jar emulator.jar deploy (every example) to the first answered request:"
                + " %.0f ms (%d launches)%n"
                + "  the jar's heap in use after start, a request and a full GC: %.1f MiB%n",
            Medians.of(inJvm) / 1e6,
            inJvm.size(),
            Medians.of(launches) / 1e6,
            launches.size(),
            idleHeapKiB / 1024.0);
    Medians.append(results, report);
  }

  /** The jar's process and the file its output goes to. */
  private record Launched(Process process, Path output) {}

  private static Launched launch() throws Exception {
    String libraries =
        Files.readString(Path.of("examples/target/classpath.txt"), StandardCharsets.UTF_8).trim();
    Path output = Files.createTempFile("startup", ".txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "emulator/target/emulator.jar",
                "deploy",
                "--port",
                "0",
                "--cp",
                "examples/target/classes" + File.pathSeparator + libraries)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new Launched(process, output);
  }

  /** The port of the ready line, polled for at most 60 s. */
  private static int awaitReady(Launched jar) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(jar.output(), StandardCharsets.UTF_8)) {
        Matcher ready = READY.matcher(line);
        if (ready.matches()) {
          return Integer.parseInt(ready.group(1));
        }
      }
      if (!jar.process().isAlive()) {
        break;
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException(
        "the jar did not get ready: " + Files.readString(jar.output(), StandardCharsets.UTF_8));
  }

  private static void hello(String url, int port) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .build();
    String body =
        client
            .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString())
            .body();
    if (!body.equals(HELLO)) {
      throw new IllegalStateException("unexpected answer: " + body);
    }
  }

  /** Heap in use after a full GC, from {@code jcmd}, in KiB. */
  private static long heapAfterGc(long pid) throws Exception {
    run("jcmd", String.valueOf(pid), "GC.run");
    String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
    Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
    if (!used.find()) {
      throw new IllegalStateException("no heap figures in: " + info);
    }
    return Long.parseLong(used.group(2));
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
