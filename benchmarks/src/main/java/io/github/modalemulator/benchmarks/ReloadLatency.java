package io.github.modalemulator.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringWriter;
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
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * {@code serve}'s reload, with real javac and the real jar: the time from the last class file
 * written to the first answer of the new code (median of the rounds), then what many reloads leave
 * behind: the heap in use after a full GC and the class loaders alive, after 5 and after all.
 *
 * <p>Arguments: {@code [rounds] [results file to append to]}.
 */
public final class ReloadLatency {
  private static final Pattern READY =
      Pattern.compile("Emulator ready at http://127.0.0.1:(\\d+) .*");

  private ReloadLatency() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path results = Path.of(args.length > 1 ? args[1] : "benchmarks/results.txt");
    Path work = Files.createTempDirectory("reload");
    Path sources = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    compile(sources, classes, 0);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process serve =
        new ProcessBuilder(
                java,
                "-jar",
                "emulator/target/emulator.jar",
                "serve",
                "--port",
                "0",
                "--cp",
                classes.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      int port = -1;
      for (String line; port < 0 && (line = out.readLine()) != null; ) {
        Matcher ready = READY.matcher(line);
        if (ready.matches()) {
          port = Integer.parseInt(ready.group(1));
        }
      }
      Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
      drain.setDaemon(true);
      drain.start();
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
              .build();
      String hello = "http://local--reload-bench-hello-dev.localhost:" + port + "/";
      List<Long> latencies = new ArrayList<>();
      String early = "";
      for (int round = 1; round <= rounds; round++) {
        compile(sources, classes, round);
        long written = System.nanoTime();
        String expected = "\"v" + round + "\"";
        long deadline = written + TimeUnit.SECONDS.toNanos(30);
        while (!client
            .send(HttpRequest.newBuilder(URI.create(hello)).build(), BodyHandlers.ofString())
            .body()
            .equals(expected)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("round " + round + " never answered " + expected);
          }
        }
        latencies.add(System.nanoTime() - written);
        if (round == 5) {
          early = footprint(serve.pid());
        }
      }
      String late = footprint(serve.pid());
      String report =
          String.format(
              Locale.ROOT,
              "%nReload on recompile (serve, real javac, %d rounds): last class file written to the"
                  + " first new answer, median %.0f ms (min %.0f, max %.0f; target < 500 ms)%n"
                  + "  after 5 reloads:   %s%n  after %d reloads:  %s%n",
              rounds,
              Medians.of(latencies) / 1e6,
              latencies.stream().mapToLong(Long::longValue).min().orElse(0) / 1e6,
              latencies.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6,
              early,
              rounds,
              late);
      Medians.append(results, report);
      System.out.print(report);
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void compile(Path sources, Path classes, int version) throws Exception {
    String source =
        "import io.github.modalemulator.*;\n@App(\"reload-bench\")\npublic class ReloadBench {\n"
            + "  @Function @FastapiEndpoint public static String hello() { return \"v"
            + version
            + "\"; }\n"
            + "  @Cls public static class Holder { @FastapiEndpoint public String ping() { return"
            + " \"pong\"; } }\n}\n";
    Path file = sources.resolve("ReloadBench.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter messages = new StringWriter();
    int status =
        javac.run(
            null,
            null,
            null,
            "-cp",
            "emulator/target/emulator.jar",
            "-parameters",
            "-d",
            classes.toString(),
            file.toString());
    if (status != 0) {
      throw new IllegalStateException("javac failed: " + messages);
    }
  }

  /** Heap in use after a full GC, and the class loaders alive, from jcmd. */
  private static String footprint(long pid) throws Exception {
    run("jcmd", String.valueOf(pid), "GC.run");
    String heap = run("jcmd", String.valueOf(pid), "GC.heap_info");
    Matcher used = Pattern.compile("used (\\d+)K").matcher(heap);
    String loaders = run("jcmd", String.valueOf(pid), "VM.classloader_stats");
    long urlLoaders = loaders.lines().filter(l -> l.contains("URLClassLoader")).count();
    return String.format(
        Locale.ROOT,
        "heap in use after a full GC %s KiB, URLClassLoaders alive %d",
        used.find() ? used.group(1) : "?",
        urlLoaders);
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return output;
  }
}
