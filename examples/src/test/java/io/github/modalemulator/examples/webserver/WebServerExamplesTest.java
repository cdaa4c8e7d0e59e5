package io.github.modalemulator.examples.webserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.emulator.Emulator;
import java.io.File;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's web_server snippets: servers the function starts, reached through the emulator. Each
 * test starts and stops its own emulator (rather than using {@code @ModalEmulator}) because it
 * checks that the server's port is free again once the emulator has stopped.
 */
class WebServerExamplesTest {

  private static HttpResponse<String> get(Emulator emulator, String url) throws Exception {
    return emulator
        .httpClientBuilder()
        .build()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
  }

  /**
   * Skips the test, saying what to install, when a program it runs is not on the PATH; in CI
   * (environment variable {@code CI=true}), where {@code .ci/run} installs them all, that fails.
   */
  private static void requireOnPath(String program, String debianPackages) {
    boolean found =
        Stream.of(System.getenv("PATH").split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    if (!found) {
      String message =
          program + " is not installed: apt-get install " + debianPackages + " (.ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
  }

  private static void assertPortFree(int port) {
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .as("port %d after the emulator stopped", port)
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void pythonsFileServerRunsAsAChildProcessAndStopsWithTheEmulator() throws Exception {
    requireOnPath("python3", "python3");
    long pythonsBefore = ProcessHandle.current().children().count();
    try (Emulator emulator = Emulator.builder().apps(FileServer.class).start()) {
      HttpResponse<String> listing = get(emulator, emulator.webUrl("fileServer") + "/");
      assertThat(listing.statusCode()).isEqualTo(200);
      assertThat(listing.body()).contains("Directory listing for /");
      assertThat(ProcessHandle.current().children().count()).isEqualTo(pythonsBefore + 1);
    }
    assertPortFree(8000);
    assertThat(ProcessHandle.current().children().count()).isEqualTo(pythonsBefore);
  }

  @Test
  void anInProcessServerIsReachedAndStoppedThroughWhatTheFunctionReturned() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(InProcessServer.class).start()) {
      HttpResponse<String> response = get(emulator, emulator.webUrl("aiohttpServer") + "/x?y=1");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("Hello from the JDK's HTTP server: GET /x?y=1");
    }
    assertPortFree(8080);
  }

  @Test
  void theConfiguredServerAnswersOnItsLabelAndDomain() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(StartServer.class).start()) {
      assertThat(emulator.webUrl("startServer"))
          .isEqualTo("http://local--my-server.localhost:" + emulator.port());
      assertThat(get(emulator, "http://files.example.com/f").body())
          .isEqualTo("Hello from the JDK's HTTP server: GET /f");
    }
    assertPortFree(8001);
  }

  @Test
  void aCompiledBinaryIsRunAndStopped(@TempDir Path out) throws Exception {
    requireOnPath("gcc", "gcc libc6-dev");
    Path binary = out.resolve("server");
    Process gcc =
        new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), "src/main/c/server.c")
            .redirectErrorStream(true)
            .start();
    String gccSaid = new String(gcc.getInputStream().readAllBytes());
    assertThat(gcc.waitFor()).as("gcc: %s", gccSaid).isZero();
    System.setProperty("examples.server.binary", binary.toString());
    try (Emulator emulator = Emulator.builder().apps(CompiledBinary.class).start()) {
      HttpResponse<String> response = get(emulator, emulator.webUrl("rustServer") + "/");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("Hello from a compiled binary\n");
    } finally {
      System.clearProperty("examples.server.binary");
    }
    assertPortFree(3000);
  }

  @Test
  void anNpmDevServerIsRunAndStoppedWithItsChildren() throws Exception {
    requireOnPath("npm", "nodejs npm");
    System.setProperty(
        "examples.npm.project", Path.of("src/main/npm-dev-server").toAbsolutePath().toString());
    long childrenBefore = ProcessHandle.current().descendants().count();
    try (Emulator emulator = Emulator.builder().apps(DevServer.class).start()) {
      HttpResponse<String> response = get(emulator, emulator.webUrl("devServer") + "/app?x=1");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("Hello from npm run dev: GET /app?x=1\n");
      assertThat(ProcessHandle.current().descendants().count()).isGreaterThan(childrenBefore);
    } finally {
      System.clearProperty("examples.npm.project");
    }
    assertPortFree(5173);
    assertThat(ProcessHandle.current().descendants().count()).isEqualTo(childrenBefore);
  }

  @Test
  void theJdksFileServerServesADirectoryAndNothingOutsideIt(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("public"));
    Files.writeString(root.resolve("hello.txt"), "Hello from a file\n");
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(dir.resolve("secret.txt"), "not for the web");
    System.setProperty("examples.files.root", root.toString());
    try (Emulator emulator = Emulator.builder().apps(JdkFileServer.class).start()) {
      String url = emulator.webUrl("fileServer");
      HttpResponse<String> file = get(emulator, url + "/hello.txt");
      assertThat(file.statusCode()).isEqualTo(200);
      assertThat(file.headers().firstValue("Content-Type")).hasValue("text/plain");
      assertThat(file.body()).isEqualTo("Hello from a file\n");
      HttpResponse<String> listing = get(emulator, url + "/");
      assertThat(listing.body()).contains("<li>docs/</li>", "<li>hello.txt</li>");
      assertThat(get(emulator, url + "/missing.txt").statusCode()).isEqualTo(404);
      HttpResponse<String> climb = get(emulator, url + "/%2e%2e/secret.txt");
      assertThat(climb.statusCode()).isEqualTo(404);
      assertThat(climb.body()).doesNotContain("not for the web");
    } finally {
      System.clearProperty("examples.files.root");
    }
    assertPortFree(8002);
  }
}
