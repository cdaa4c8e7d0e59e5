package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line main a user runs (and debugs) from an IDE: {@code Emulator.serve(MyApp.class)}. */
class IdeMainTest {

  @Test
  void emulatorServeRunsTheAppsInServeModeUntilTheJvmStops(
      @TempDir Path classes, @TempDir Path output) throws Exception {
    SourceCompiler.compile(classes, "DebugMain", source("breakpoint here"));
    // The output outside the classes folder, which the emulator watches for recompiles.
    Path out = Files.createTempFile(output, "stdout", ".txt");
    Path err = Files.createTempFile(output, "stderr", ".txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmodal.emulator.port=0",
                "-cp",
                EmulatorProcess.JAR + File.pathSeparator + classes,
                "DebugMain")
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      List<String> lines = awaitReady(out, process);
      // Undertow's own start-up chatter stays quiet, as with the CLI.
      assertThat(Files.readString(err)).doesNotContain("XNIO");
      assertThat(lines.get(0))
          .matches(
              "Created web function createApp =>"
                  + " http://local--debug-me-create-app-dev\\.localhost:\\d+");
      String url = lines.get(0).substring(lines.get(0).indexOf("http://"));
      int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
              .build()
              .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
      assertThat(response.body()).isEqualTo("breakpoint here");
      long watching = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!Files.readString(out).contains("Watching ") && System.nanoTime() < watching) {
        Thread.sleep(20);
      }
      assertThat(Files.readAllLines(out)).contains("Watching " + classes + ".");

      // The IDE recompiles: the app reloads from its folder.
      SourceCompiler.compile(classes, "DebugMain", source("recompiled"));
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
              .build();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      String body = "";
      while (!body.equals("recompiled") && System.nanoTime() < deadline) {
        body =
            client
                .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString())
                .body();
      }
      assertThat(body).isEqualTo("recompiled");
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static String source(String answer) {
    return "import io.github.modalemulator.*;\n"
        + "import io.github.modalemulator.emulator.Emulator;\n"
        + "public class DebugMain {\n"
        + "  @App(\"debug-me\")\n"
        + "  public static class MyApp {\n"
        + "    @Function @AsgiApp\n"
        + "    public static io.undertow.server.HttpHandler createApp() {\n"
        + "      return exchange -> exchange.getResponseSender().send(\""
        + answer
        + "\");\n"
        + "    }\n"
        + "  }\n"
        + "  public static void main(String[] args) {\n"
        + "    Emulator.serve(MyApp.class);\n"
        + "  }\n"
        + "}\n";
  }

  private static List<String> awaitReady(Path out, Process process) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      List<String> lines = Files.readAllLines(out);
      if (lines.stream().anyMatch(l -> l.startsWith("Emulator ready at "))) {
        return lines;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no ready line; output: " + Files.readString(out));
  }
}
