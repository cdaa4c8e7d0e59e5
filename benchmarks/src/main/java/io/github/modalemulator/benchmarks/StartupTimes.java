package io.github.modalemulator.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launch to the first answered request, in new JVMs, alternating: raw Undertow serving the hello
 * JSON (only Undertow and Jackson on its class path), {@code java -jar emulator.jar deploy} with
 * the hello app, and with every example; each also with a class-data-sharing archive made by one
 * run of the same command ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}).
 * Given a JDK 25 or later, also what a Java 25 image runs: {@code container} with the AOT cache its
 * build makes from the warm-up ({@code -XX:AOTCacheOutput}, then {@code -XX:AOTCache}), beside raw
 * Undertow + Jackson on that JDK, without and with an AOT cache of its own.
 *
 * <p>Arguments: {@code [launches per variant] [results file to append to] [java of a JDK 25+]}.
 */
public final class StartupTimes {
  private static final Pattern READY =
      Pattern.compile(
          "(?:Emulator ready at http://127.0.0.1:|PORT |Function \\S+ is ready on http://[^:]+:)"
              + "(\\d+).*");
  private static final String HELLO = "{\"message\":\"Hello, world!\"}";
  private static final String HELLO_HOST = "local--example-fastapi-hello.localhost";

  private StartupTimes() {}

  /** One way to start a server that answers the hello. */
  private record Variant(String name, List<String> command, String host) {}

  public static void main(String[] args) throws Exception {
    int launches = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path results = Path.of(args.length > 1 ? args[1] : "benchmarks/results.txt");
    String java25 = args.length > 2 ? args[2] : null;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A jar, not the classes folder: a CDS archive takes no folder on the class path.
    String rawClassPath =
        benchmarksJar()
            + File.pathSeparator
            + Files.readString(Path.of("benchmarks/target/raw-classpath.txt")).trim();
    String examples =
        "examples/target/classes"
            + File.pathSeparator
            + Files.readString(Path.of("examples/target/classpath.txt")).trim();
    List<String> raw = List.of("-cp", rawClassPath, RawHello.class.getName());
    List<String> jarHello =
        List.of(
            "-jar",
            "emulator/target/emulator.jar",
            "deploy",
            "--port",
            "0",
            "--cp",
            "examples/target/classes",
            "io.github.modalemulator.examples.fastapi.HelloApp");
    List<String> container =
        List.of(
            "-jar",
            "emulator/target/emulator.jar",
            "container",
            "--bind",
            "127.0.0.1",
            "--cp",
            "examples/target/classes",
            "io.github.modalemulator.examples.fastapi.HelloApp",
            "hello=" + CONTAINER_PORT);
    Path archives = Files.createTempDirectory("cds");
    // ResourcesApp declares a secret: every example deploys only with a value for it.
    Path secrets = Files.createDirectories(archives.resolve("secrets"));
    Files.writeString(secrets.resolve("translator-api.env"), "TRANSLATOR_API_KEY=startup\n");
    List<String> jarAll =
        List.of(
            "-jar",
            "emulator/target/emulator.jar",
            "deploy",
            "--port",
            "0",
            "--secrets-dir",
            secrets.toString(),
            "--cp",
            examples);
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("raw Undertow + Jackson", with(java, List.of(), raw), null));
    variants.add(
        new Variant("emulator.jar deploy, hello", with(java, List.of(), jarHello), HELLO_HOST));
    variants.add(
        new Variant(
            "emulator.jar deploy, every example", with(java, List.of(), jarAll), HELLO_HOST));
    variants.add(
        new Variant("emulator.jar container, hello", with(java, List.of(), container), null));
    Path warmupArchive = archives.resolve("warmup.jsa");
    warmUp(java, warmupArchive);
    variants.add(
        new Variant(
            "emulator.jar container, hello, with the warm-up's CDS archive (as the image)",
            with(java, List.of("-XX:SharedArchiveFile=" + warmupArchive), container),
            null));
    if (java25 != null) {
      Path warmupCache = archives.resolve("warmup.aot");
      make(with(java25, List.of("-XX:AOTCacheOutput=" + warmupCache), List.of()), "warmup");
      variants.add(
          new Variant(
              "emulator.jar container, hello, JDK 25, the warm-up's AOT cache (as a Java 25 image)",
              with(java25, List.of("-XX:AOTCache=" + warmupCache), container),
              null));
      variants.add(
          new Variant("raw Undertow + Jackson, JDK 25", with(java25, List.of(), raw), null));
      Path rawCache = archives.resolve("raw.aot");
      once(
          new Variant(
              "raw, JDK 25, training",
              with(java25, List.of("-XX:AOTCacheOutput=" + rawCache), raw),
              null),
          true);
      variants.add(
          new Variant(
              "raw Undertow + Jackson, JDK 25, own AOT cache",
              with(java25, List.of("-XX:AOTCache=" + rawCache), raw),
              null));
    }
    for (Variant plain : List.copyOf(variants.subList(0, 3))) {
      Path archive = archives.resolve(variants.indexOf(plain) + ".jsa");
      List<String> dump = new ArrayList<>(plain.command());
      dump.add(1, "-XX:ArchiveClassesAtExit=" + archive);
      once(new Variant(plain.name(), dump, plain.host()), true);
      List<String> use = new ArrayList<>(plain.command());
      use.add(1, "-XX:SharedArchiveFile=" + archive);
      variants.add(new Variant(plain.name() + ", with CDS archive", use, plain.host()));
    }
    for (Variant variant : variants) {
      once(variant, false); // the file cache warm for every variant alike
    }
    Map<Variant, List<Double>> times = new LinkedHashMap<>();
    for (int i = 0; i < launches; i++) {
      for (Variant variant : variants) {
        times.computeIfAbsent(variant, v -> new ArrayList<>()).add(once(variant, false));
      }
    }
    StringBuilder report =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%nStart-up, launch to the first answered request, %d alternating launches each,"
                    + " median ms:%n",
                launches));
    double base = Medians.of(times.get(variants.get(0)));
    for (Variant variant : variants) {
      double median = Medians.of(times.get(variant));
      report.append(
          String.format(
              Locale.ROOT,
              "  %-52s %6.0f ms  (%.2f x raw; launches: %s)%n",
              variant.name(),
              median,
              median / base,
              HelloThroughput.format(times.get(variant))));
    }
    report.append(
        "  targets: hello <= 1.2 x raw, every example <= 1.5 x raw, container <= 0.75 x raw\n");
    Medians.append(results, report.toString());
    System.out.print(report);
  }

  private static String benchmarksJar() throws IOException {
    try (var jars = Files.list(Path.of("benchmarks/target"))) {
      return jars.map(Path::toString)
          .filter(p -> p.matches(".*modal-emulator-benchmarks-[^/]*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("package the benchmarks module first"));
    }
  }

  /** The fixed port of the container variants (container mode takes the port it is given). */
  private static final int CONTAINER_PORT = 29431;

  /** Makes the archive an exported image makes: the warm-up, no user code. */
  private static void warmUp(String java, Path archive) throws Exception {
    make(List.of(java, "-XX:ArchiveClassesAtExit=" + archive), "warmup");
  }

  /** Runs {@code emulator.jar} with those JVM options and that command, which must end with 0. */
  private static void make(List<String> jvm, String command) throws Exception {
    List<String> line = new ArrayList<>(jvm);
    line.addAll(List.of("-jar", "emulator/target/emulator.jar", command));
    Process warmup =
        new ProcessBuilder(line)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!warmup.waitFor(120, TimeUnit.SECONDS) || warmup.exitValue() != 0) {
      throw new IllegalStateException("the warm-up failed");
    }
  }

  private static List<String> with(String java, List<String> options, List<String> rest) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(options);
    command.addAll(rest);
    return command;
  }

  /** Launches, waits for the ready line, sends the hello; ms from launch to its answer. */
  private static double once(Variant variant, boolean waitForExit) throws Exception {
    long began = System.nanoTime();
    Process process =
        new ProcessBuilder(variant.command())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      int port = awaitPort(process, variant);
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
              .build();
      String url =
          variant.host() == null
              ? "http://127.0.0.1:" + port + "/"
              : "http://" + variant.host() + ":" + port + "/";
      String body =
          client
              .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString())
              .body();
      double millis = (System.nanoTime() - began) / 1e6;
      if (!body.equals(HELLO)) {
        throw new IllegalStateException(variant.name() + " answered " + body);
      }
      return millis;
    } finally {
      process.destroy();
      if (!process.waitFor(waitForExit ? 60 : 20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static int awaitPort(Process process, Variant variant) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      Matcher ready = READY.matcher(line);
      if (ready.matches()) {
        return Integer.parseInt(ready.group(1));
      }
    }
    throw new IllegalStateException(
        "the server ended before it said it was ready: " + variant.command());
  }
}
