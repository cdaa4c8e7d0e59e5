package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} reloads on recompile, with real javac and the real jar: a client looping through
 * the swap sees no failure, the new code answers, the old containers' {@code @Exit} runs, and a
 * definition error keeps the previous code answering with the error printed.
 */
class ReloadThroughTheJarTest {
  private static final Pattern READY =
      Pattern.compile("Emulator ready at http://127.0.0.1:(\\d+) .*");

  @TempDir Path classes;

  private static String source(String hello, String extraFunction, String label) {
    return "import io.github.modalemulator.*;\n"
        + "@App(\"reload-e2e\")\n"
        + "public class ReloadApp {\n"
        + "  @Function @FastapiEndpoint"
        + label
        + " public static String hello() { return \""
        + hello
        + "\"; }\n"
        + "  @Function @FastapiEndpoint public static String "
        + extraFunction
        + "() { return \"x\"; }\n"
        + "  @Cls public static class Holder {\n"
        + "    @FastapiEndpoint public String ping() { return \"pong\"; }\n"
        + "    @Exit public void exit() { System.out.println(\"["
        + hello
        + "] exit\"); }\n"
        + "  }\n"
        + "}\n";
  }

  @Test
  void aRecompileReloadsWithNoFailedRequestAndAnErrorKeepsThePreviousCode() throws Exception {
    SourceCompiler.compile(classes, "ReloadApp", source("v1", "old", ""));
    try (EmulatorProcess serve =
        EmulatorProcess.start("serve", "--port", "0", "--cp", classes.toString())) {
      List<String> lines = serve.linesUntil(l -> l.startsWith("Watching "), Duration.ofSeconds(60));
      Matcher ready =
          lines.stream().map(READY::matcher).filter(Matcher::matches).findFirst().orElseThrow();
      int port = Integer.parseInt(ready.group(1));
      assertThat(lines)
          .contains(
              "\u26A1\uFE0F Serving... hit Ctrl-C to stop!",
              "Watching " + classes.toAbsolutePath() + ".");
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
              .version(HttpClient.Version.HTTP_1_1)
              .build();
      String hello = "http://local--reload-e2e-hello-dev.localhost:" + port + "/";
      String ping = "http://local--reload-e2e-holder-ping-dev.localhost:" + port + "/";
      assertThat(get(client, ping)).isEqualTo("200 \"pong\""); // the class's container runs
      List<String> answers = new CopyOnWriteArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      Thread asker =
          new Thread(
              () -> {
                for (int i = 0; i < 20_000 && !stop.get(); i++) {
                  answers.add(get(client, hello));
                }
              });
      asker.start();
      SourceCompiler.compile(classes, "ReloadApp", source("v2", "fresh", ""));
      long written = System.nanoTime();
      long deadline = written + Duration.ofSeconds(20).toNanos();
      while ((answers.isEmpty() || !answers.get(answers.size() - 1).equals("200 \"v2\""))
          && System.nanoTime() < deadline) {
        Thread.sleep(5); // a spinning wait would take a core from the reload it waits for
      }
      long latencyMillis = (System.nanoTime() - written) / 1_000_000;
      stop.set(true);
      asker.join(30_000);
      assertThat(answers)
          .isNotEmpty()
          .allMatch(a -> a.equals("200 \"v1\"") || a.equals("200 \"v2\""));
      assertThat(answers.get(answers.size() - 1)).isEqualTo("200 \"v2\"");
      assertThat(latencyMillis).as("last class file written to the new answer").isLessThan(20_000);
      List<String> reloaded =
          serve.linesUntil(
              l -> l.startsWith("Reloaded: generation 2 serves"), Duration.ofSeconds(20));
      assertThat(reloaded)
          .contains(
              "Created web function fresh => http://local--reload-e2e-fresh-dev.localhost:" + port,
              "Removed web function old (was http://local--reload-e2e-old-dev.localhost:"
                  + port
                  + ")",
              "[v1] exit");

      // A definition error: printed, and the previous code goes on answering.
      SourceCompiler.compile(
          classes, "ReloadApp", source("v3", "fresh", "(label = \"Not A Label\")"));
      long errorDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!serve.stderr().contains("Still serving the previous code")
          && System.nanoTime() < errorDeadline) {
        Thread.sleep(20);
      }
      assertThat(serve.stderr())
          .contains("label \"Not A Label\"")
          .contains("Still serving the previous code; the next change reloads again.");
      assertThat(get(client, hello)).isEqualTo("200 \"v2\"");
      assertThat(serve.terminate()).isZero();
    }
  }

  @Test
  void fiftyReloadsLeaveNoClassLoaderThreadOrHeapBehind() throws Exception {
    SourceCompiler.compile(classes, "ReloadApp", source("v0", "old", ""));
    try (EmulatorProcess serve =
        EmulatorProcess.start("serve", "--port", "0", "--cp", classes.toString())) {
      List<String> lines = serve.linesUntil(l -> l.startsWith("Watching "), Duration.ofSeconds(60));
      Matcher ready =
          lines.stream().map(READY::matcher).filter(Matcher::matches).findFirst().orElseThrow();
      int port = Integer.parseInt(ready.group(1));
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
              .build();
      String hello = "http://local--reload-e2e-hello-dev.localhost:" + port + "/";
      String ping = "http://local--reload-e2e-holder-ping-dev.localhost:" + port + "/";
      long pid = serve.pid();
      Footprint early = null;
      for (int round = 1; round <= 50; round++) {
        SourceCompiler.compile(classes, "ReloadApp", source("v" + round, "old", ""));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!get(client, hello).equals("200 \"v" + round + "\"")
            && System.nanoTime() < deadline) {
          Thread.sleep(10); // each poll is a request the reloading JVM must answer
        }
        assertThat(get(client, hello)).isEqualTo("200 \"v" + round + "\"");
        assertThat(get(client, ping)).isEqualTo("200 \"pong\""); // a class container each time
        if (round == 5) {
          early = Footprint.of(pid, clearJournal(port));
        }
      }
      Footprint late = Footprint.of(pid, clearJournal(port));
      assertThat(late.loaders()).as("class loaders alive").isEqualTo(early.loaders());
      assertThat(late.threads()).as("threads").isLessThanOrEqualTo(early.threads() + 2);
      assertThat(late.heapKib()).as("heap after a full GC, KiB").isLessThan(early.heapKib() + 2048);
      assertThat(serve.terminate()).isZero();
    }
  }

  /** What a JVM holds after a full GC, from jcmd. */
  private record Footprint(long loaders, long threads, long heapKib) {
    /** After the journal is cleared: its entries (bounded, many here) are not the reloads'. */
    static Footprint of(long pid, int cleared) throws Exception {
      assertThat(cleared).isEqualTo(204);
      jcmd(pid, "GC.run");
      String heap = jcmd(pid, "GC.heap_info");
      Matcher used = Pattern.compile("used (\\d+)K").matcher(heap);
      assertThat(used.find()).as(heap).isTrue();
      long loaders =
          jcmd(pid, "VM.classloader_stats")
              .lines()
              .filter(l -> l.contains("URLClassLoader"))
              .count();
      long threads = jcmd(pid, "Thread.print").lines().filter(l -> l.startsWith("\"")).count();
      return new Footprint(loaders, threads, Long.parseLong(used.group(1)));
    }
  }

  private static int clearJournal(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/requests"))
                .DELETE()
                .build(),
            BodyHandlers.discarding())
        .statusCode();
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
            .redirectErrorStream(true)
            .start();
    String output =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return output;
  }

  private static String get(HttpClient client, String url) {
    try {
      var response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
              BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException | InterruptedException e) {
      return "failed: " + e;
    }
  }
}
