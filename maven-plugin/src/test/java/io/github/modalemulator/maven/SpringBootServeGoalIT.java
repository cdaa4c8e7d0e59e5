package io.github.modalemulator.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code mvn modal-emulator:serve} on a Spring Boot project as Spring Initializr makes it (the
 * invoker's {@code spring-boot} sample, copied): the shop answers through the emulator in Maven's
 * JVM, with Spring Boot's own Logback, and SIGTERM ends the build cleanly. Resolves as {@link
 * ServeGoalIT} does: the reactor's artifacts from the invoker's repository, the rest from the
 * machine's through a {@code file://} mirror.
 */
class SpringBootServeGoalIT {
  private static final Pattern URL =
      Pattern.compile("Created web function shop => (http://\\S+:(\\d+))");
  private static final String SERVING = "Serving... hit Ctrl-C to stop!";

  private final Path mavenHome = Path.of(property("it.mavenHome"));
  private final Path localRepository = Path.of(property("it.localRepository"));
  private final String version = property("it.pluginVersion");
  private final Path work = Path.of(property("it.workDirectory")).resolveSibling("serve-spring");
  private final Path project = work.resolve("project");
  private final Path serveLog = work.resolve("serve.log");

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void theServeGoalServesTheSpringBootShopWithItsOwnLogging() throws Exception {
    prepareProject();
    Process serve = null;
    try {
      serve = maven("modal-emulator:serve", "-Dmodal.port=0");
      Matcher url = awaitServing(serve);
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(
                  ProxySelector.of(
                      new InetSocketAddress("127.0.0.1", Integer.parseInt(url.group(2)))))
              .build();
      assertThat(get(client, url.group(1) + "/hello?name=Ada"))
          .as(this::log)
          .isEqualTo("{\"message\":\"Hello, Ada\"}");
      assertThat(get(client, url.group(1) + "/logging"))
          .as(this::log)
          .isEqualTo("ch.qos.logback.classic.LoggerContext");
      serve.destroy(); // SIGTERM, as Ctrl-C's SIGINT would
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as(this::log).isTrue();
      assertThat(serve.exitValue()).as(this::log).isZero();
      assertThat(read(serveLog)).as(this::log).contains("Emulator stopped.", "BUILD SUCCESS");
    } finally {
      if (serve != null && serve.isAlive()) {
        serve.descendants().forEach(ProcessHandle::destroyForcibly);
        serve.destroyForcibly();
        serve.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private void prepareProject() throws IOException {
    if (Files.exists(work)) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    Path sample = Path.of(property("it.springBootSample"));
    try (Stream<Path> files = Files.walk(sample)) {
      for (Path file : files.toList()) {
        Path copy = project.resolve(sample.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.writeString(copy, Files.readString(file).replace("@project.version@", version));
        }
      }
    }
    Files.createDirectories(project.resolve(".mvn"));
    Files.writeString(
        work.resolve("settings.xml"),
        "<settings><mirrors><mirror><id>local-m2</id><mirrorOf>*</mirrorOf><url>"
            + property("it.mirrorUrl")
            + "</url></mirror></mirrors></settings>\n");
  }

  private Process maven(String... goals) throws IOException {
    List<String> command =
        Stream.concat(
                Stream.of(
                    mavenHome.resolve("bin/mvn").toString(),
                    "-B",
                    "-ntp",
                    "-s",
                    work.resolve("settings.xml").toString(),
                    "-Dmaven.repo.local=" + localRepository),
                Stream.of(goals))
            .toList();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(serveLog.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return builder.start();
  }

  private Matcher awaitServing(Process serve) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (System.nanoTime() < deadline) {
      String log = read(serveLog);
      Matcher url = URL.matcher(log);
      if (log.contains(SERVING) && url.find()) {
        return url;
      }
      if (!serve.isAlive()) {
        throw new AssertionError(
            "mvn modal-emulator:serve ended with " + serve.exitValue() + "; " + log());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("mvn modal-emulator:serve printed no URL within 180 s; " + log());
  }

  /** Spring Boot starts with the first request: up to its startupTimeout of 60 s. */
  private static String get(HttpClient client, String url) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private String log() {
    List<String> lines = read(serveLog).lines().toList();
    return "serve.log:\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "System property " + name + " is unset: Failsafe sets it (maven-plugin/pom.xml)");
    }
    return value;
  }
}
