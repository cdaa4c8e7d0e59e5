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
import java.util.ArrayList;
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
 * The serve goal as a user runs it: {@code mvn modal-emulator:serve} in one terminal, an edit, then
 * {@code mvn compile} in another, and the new answer comes without a restart; then a clean (target/
 * deleted, the watched folder with its parent) and {@code mvn compile}, and the next answer comes.
 *
 * <p>Two real Maven processes (the Maven running this build, {@code maven.home}) on the sample
 * {@code src/test/projects/serve-reload}, copied to {@code target/serve-goal/project}. They resolve
 * as the invoker's samples do, without network: the reactor's artifacts from {@code
 * target/local-repo}, where {@code invoker:install} put them at {@code pre-integration-test}, just
 * before Failsafe runs this class, and everything else from the machine's local repository through
 * a {@code file://} mirror. A JUnit test rather than an invoker sample with a script: the serve
 * process must run beside a second build and be stopped by a signal, which a Java test bounds,
 * kills and reports on more plainly than a post-build script. The processes write to files under
 * {@code target/serve-goal}, shown only when the test fails.
 */
class ServeGoalIT {
  private static final Pattern URL =
      Pattern.compile("Created web function hello => (http://\\S+:(\\d+))");
  private static final String SERVING = "Serving... hit Ctrl-C to stop!";

  private final Path mavenHome = Path.of(property("it.mavenHome"));
  private final Path localRepository = Path.of(property("it.localRepository"));
  private final String version = property("it.pluginVersion");
  private final Path work = Path.of(property("it.workDirectory"));
  private final Path project = work.resolve("project");
  private final Path serveLog = work.resolve("serve.log");
  private final Path compileLog = work.resolve("compile.log");

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void mvnCompileReloadsTheServeGoalAndSigtermEndsItsBuildCleanly() throws Exception {
    Path mvn = mavenHome.resolve("bin/mvn");
    Path plugin =
        localRepository.resolve(
            "io/github/modalemulator/modal-emulator-maven-plugin/"
                + version
                + "/modal-emulator-maven-plugin-"
                + version
                + ".jar");
    assertThat(mvn).as("Maven of this build (it.mavenHome)").isExecutable();
    assertThat(plugin)
        .as(
            "the plugin in the invoker's repository: invoker:install puts it there at"
                + " pre-integration-test; run the module's verify phase, not this class alone")
        .isRegularFile();
    prepareProject();

    Process serve = null;
    Process compile = null;
    try {
      serve = maven(serveLog, "modal-emulator:serve", "-Dmodal.port=0");
      Matcher url = awaitServing(serve);
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(
                  ProxySelector.of(
                      new InetSocketAddress("127.0.0.1", Integer.parseInt(url.group(2)))))
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      assertThat(get(client, url.group(1))).as(this::logs).isEqualTo("\"first answer\"");

      Path source = project.resolve("src/main/java/sample/ReloadApp.java");
      Files.writeString(source, Files.readString(source).replace("first answer", "second answer"));
      compile = maven(compileLog, "compile");
      assertThat(compile.waitFor(120, TimeUnit.SECONDS))
          .as(() -> "mvn compile ended within 120 s; " + logs())
          .isTrue();
      assertThat(compile.exitValue()).as(() -> "mvn compile's status; " + logs()).isZero();

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      String body = get(client, url.group(1));
      while (!body.equals("\"second answer\"") && System.nanoTime() < deadline) {
        Thread.sleep(100);
        body = get(client, url.group(1));
      }
      assertThat(body)
          .as(() -> "the answer 60 s after mvn compile; " + logs())
          .isEqualTo("\"second answer\"");

      // mvn clean compile: target/ goes, classes and all, and comes back. (The clean goal itself
      // isn't in the offline repository, so the test deletes target/ as it would.)
      Files.writeString(source, Files.readString(source).replace("second answer", "third answer"));
      deleteTree(project.resolve("target"));
      compile = maven(compileLog, "compile");
      assertThat(compile.waitFor(120, TimeUnit.SECONDS))
          .as(() -> "mvn compile after the clean ended within 120 s; " + logs())
          .isTrue();
      assertThat(compile.exitValue()).as(() -> "mvn compile's status; " + logs()).isZero();
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      body = get(client, url.group(1));
      while (!body.equals("\"third answer\"") && System.nanoTime() < deadline) {
        Thread.sleep(100);
        body = get(client, url.group(1));
      }
      assertThat(body)
          .as(() -> "the answer 60 s after the clean and compile; " + logs())
          .isEqualTo("\"third answer\"");

      serve.destroy(); // SIGTERM, as a terminal's Ctrl-C (SIGINT) would
      assertThat(serve.waitFor(60, TimeUnit.SECONDS))
          .as(() -> "the serve build ended within 60 s of SIGTERM; " + logs())
          .isTrue();
      assertThat(serve.exitValue()).as(() -> "the serve build's status; " + logs()).isZero();
      assertThat(read(serveLog))
          .as(this::logs)
          .contains("Reloaded: generation ", "Emulator stopped.", "BUILD SUCCESS")
          // The compiler's clearing of target/classes is no reload of its own (one that fails).
          .doesNotContain("The reload failed", "Still serving the previous code")
          // Undertow's and XNIO's start-up INFO lines stay out of the build's output.
          .doesNotContain("XNIO", "starting server: Undertow");
    } finally {
      destroy(compile);
      destroy(serve);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** A fresh copy of the sample, its plugin version filled in, and settings for the mirror. */
  private void prepareProject() throws IOException {
    if (Files.exists(work)) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    Path sample = Path.of(property("it.sample"));
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
    // Maven looks up from the project for .mvn (its config); this one stops it at the sample.
    Files.createDirectories(project.resolve(".mvn"));
    Files.writeString(
        work.resolve("settings.xml"),
        "<settings><mirrors><mirror><id>local-m2</id><mirrorOf>*</mirrorOf><url>"
            + property("it.mirrorUrl")
            + "</url></mirror></mirrors></settings>\n");
  }

  private Process maven(Path log, String... goals) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(mavenHome.resolve("bin/mvn").toString());
    command.addAll(
        List.of(
            "-B",
            "-ntp",
            "-s",
            work.resolve("settings.xml").toString(),
            "-Dmaven.repo.local=" + localRepository));
    command.addAll(List.of(goals));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // Two short-lived Mavens on two cores: the quick compiler is enough.
    builder
        .environment()
        .merge("MAVEN_OPTS", "-XX:TieredStopAtLevel=1", (mine, added) -> mine + " " + added);
    return builder.start();
  }

  private Matcher awaitServing(Process serve) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      String log = read(serveLog);
      Matcher url = URL.matcher(log);
      if (log.contains(SERVING) && url.find()) {
        return url;
      }
      if (!serve.isAlive()) {
        throw new AssertionError(
            "mvn modal-emulator:serve ended with " + serve.exitValue() + "; " + logs());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("mvn modal-emulator:serve printed no URL within 120 s; " + logs());
  }

  private static String get(HttpClient client, String url) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The end of both builds' output, for a failure's message. */
  private String logs() {
    return "serve.log:\n" + tail(serveLog) + "\ncompile.log:\n" + tail(compileLog);
  }

  private static String tail(Path log) {
    List<String> lines = read(log).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void destroy(Process process) throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
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
