package io.github.modalemulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An app with Logback on its class path gets Logback through the real jar, whose own SLF4J binding
 * (slf4j-simple) it never sees: in {@code deploy}, as {@code serve} loads it, and in {@code
 * container} mode, as the exported cloud app runs it.
 */
class IsolationThroughTheJarTest {
  private static final Pattern READY =
      Pattern.compile("Emulator ready at http://127.0.0.1:(\\d+) .*");
  private static final String APP = LogbackApp.class.getName();

  @App("logback")
  public static class LogbackApp {
    /** The logger factory SLF4J bound for the app's code. */
    @Function
    @FastapiEndpoint
    public static String binding() {
      return org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
    }
  }

  /** This module's classes, its SLF4J API and Logback: what the app's build gives it. */
  private static String appClassPath() throws Exception {
    Path slf4j =
        Path.of(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path logback = Path.of(System.getProperty("app.logback", "e2e/target/app-logback"));
    List<String> jars;
    try (Stream<Path> files = Files.list(logback)) {
      jars = files.map(Path::toString).filter(name -> name.endsWith(".jar")).sorted().toList();
    }
    assertThat(jars).hasSize(2);
    return String.join(
        File.pathSeparator,
        Stream.concat(
                Stream.of(
                    System.getProperty("e2e.classes", "e2e/target/test-classes"), slf4j.toString()),
                jars.stream())
            .toList());
  }

  @Test
  void deployGivesTheAppItsOwnLogback() throws Exception {
    try (EmulatorProcess emulator =
        EmulatorProcess.start("deploy", "--port", "0", "--cp", appClassPath(), APP)) {
      List<String> lines =
          emulator.linesUntil(l -> READY.matcher(l).matches(), Duration.ofSeconds(60));
      Matcher ready = READY.matcher(lines.get(lines.size() - 1));
      assertThat(ready.matches()).isTrue();
      int port = Integer.parseInt(ready.group(1));
      HttpClient viaEdge =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
              .build();
      String body =
          viaEdge
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://local--logback-binding.localhost:" + port + "/"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  BodyHandlers.ofString())
              .body();
      assertThat(body).isEqualTo("\"ch.qos.logback.classic.LoggerContext\"");
      assertThat(emulator.terminate()).isZero();
      assertThat(emulator.stderr()).doesNotContain("multiple SLF4J providers");
    }
  }

  @Test
  void containerModeGivesTheAppItsOwnLogback() throws Exception {
    int port = freePort();
    try (EmulatorProcess container =
        EmulatorProcess.start(
            "container", "--cp", appClassPath(), "--bind", "127.0.0.1", APP, "binding=" + port)) {
      container.linesUntil(l -> l.contains(" is ready on "), Duration.ofSeconds(60));
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  BodyHandlers.ofString())
              .body();
      assertThat(body).isEqualTo("\"ch.qos.logback.classic.LoggerContext\"");
      assertThat(container.terminate()).isZero();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
