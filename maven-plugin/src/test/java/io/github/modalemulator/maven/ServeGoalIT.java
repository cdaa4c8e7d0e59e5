package io.github.modalemulator.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private final Path mavenHome = Path.of(SampleBuild.property("it.mavenHome"));
  private final Path localRepository = Path.of(SampleBuild.property("it.localRepository"));
  private final String version = SampleBuild.property("it.pluginVersion");
  private final SampleBuild build =
      new SampleBuild(Path.of(SampleBuild.property("it.workDirectory")));
  private final Path project = build.project();
  private final Path serveLog = build.work().resolve("serve.log");
  private final Path compileLog = build.work().resolve("compile.log");

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
    build.prepare(Path.of(SampleBuild.property("it.sample")));

    Process serve = null;
    Process compile = null;
    try {
      serve = build.maven(serveLog, "modal-emulator:serve", "-Dmodal.port=0");
      Matcher url =
          SampleBuild.awaitServing(serve, serveLog, URL, Duration.ofSeconds(120), this::logs);
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
      compile = build.maven(compileLog, "compile");
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
      compile = build.maven(compileLog, "compile");
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
      assertThat(SampleBuild.read(serveLog))
          .as(this::logs)
          .contains("Reloaded: generation ", "Emulator stopped.", "BUILD SUCCESS")
          // The compiler's clearing of target/classes is no reload of its own (one that fails).
          .doesNotContain("The reload failed", "Still serving the previous code")
          // Undertow's and XNIO's start-up INFO lines stay out of the build's output.
          .doesNotContain("XNIO", "starting server: Undertow");
    } finally {
      SampleBuild.destroy(compile);
      SampleBuild.destroy(serve);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
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
    return "serve.log:\n"
        + SampleBuild.tail(serveLog)
        + "\ncompile.log:\n"
        + SampleBuild.tail(compileLog);
  }
}
