package io.github.modalemulator.e2e;

import java.io.File;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real {@code emulator.jar}, run as a child process. Its output goes to files rather than
 * pipes: the JDK closes a pipe as soon as the process exits, and a reader still busy with it would
 * lose the last lines.
 */
final class EmulatorProcess implements AutoCloseable {
  static final Path JAR =
      Path.of(System.getProperty("emulator.jar", "emulator/target/emulator.jar"));

  /**
   * Options every emulator JVM here starts with: the quick compiler only. Each lives seconds, on a
   * machine of two cores, where the optimizing compiler's threads cost more CPU than its code
   * saves.
   */
  static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

  /** The CDS archive of a serving emulator's classes, once made; see {@link #sharedArchive()}. */
  private static Path archive;

  /** The examples' classes and the libraries they need, as a {@code --cp} value. */
  static final String EXAMPLES = examplesClassPath();

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private EmulatorProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * The examples' local secrets ({@code examples/secrets}: fake keys for {@code
   * example-resources}), given to every {@code serve} or {@code deploy} of the examples, as the
   * README's command does.
   */
  static final Path EXAMPLE_SECRETS =
      Path.of(System.getProperty("examples.classes", "examples/target/classes"))
          .toAbsolutePath()
          .getParent()
          .getParent()
          .resolve("secrets");

  /** {@code args} with {@code --secrets-dir} for the examples when they serve or deploy them. */
  private static List<String> withExampleSecrets(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    boolean serving = !all.isEmpty() && List.of("serve", "deploy").contains(all.get(0));
    if (serving && all.contains(EXAMPLES) && !all.contains("--secrets-dir")) {
      all.add(1, "--secrets-dir");
      all.add(2, EXAMPLE_SECRETS.toString());
    }
    return all;
  }

  private static String examplesClassPath() {
    Path classes = Path.of(System.getProperty("examples.classes", "examples/target/classes"));
    Path libraries = classes.resolveSibling("classpath.txt");
    try {
      String more = Files.isRegularFile(libraries) ? Files.readString(libraries).trim() : "";
      return more.isEmpty() ? classes.toString() : classes + File.pathSeparator + more;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EmulatorProcess start(String... args) throws IOException {
    return startWithJvmOptions(List.of(), args);
  }

  /** With options for the emulator's JVM, such as a small heap. */
  static EmulatorProcess startWithJvmOptions(List<String> jvmOptions, String... args)
      throws IOException {
    return start(jvmOptions, Map.of(), args);
  }

  /** With variables added to the emulator's environment. */
  static EmulatorProcess startWithEnvironment(Map<String, String> environment, String... args)
      throws IOException {
    return start(List.of(), environment, args);
  }

  private static EmulatorProcess start(
      List<String> jvmOptions, Map<String, String> environment, String... args) throws IOException {
    List<String> options = new ArrayList<>();
    options.add("-XX:SharedArchiveFile=" + sharedArchive());
    options.addAll(jvmOptions);
    return launch(options, environment, args);
  }

  /**
   * A CDS archive of the classes a serving emulator loads, made once per test JVM by a {@code
   * deploy} of the hello example that answers one request and stops. The suite starts the jar about
   * a hundred times; with the classes mapped from the archive rather than read from the jar and
   * verified, a deploy that answers once and stops takes about a third less CPU (1.1 s against 0.7
   * s, measured with {@code /usr/bin/time} on this machine). Every JVM it is given to is this
   * JDK's, started on the jar it was made from, so the archive always matches and the JVM prints
   * nothing about it.
   */
  private static synchronized Path sharedArchive() throws IOException {
    if (archive != null) {
      return archive;
    }
    Path folder = Files.createTempDirectory("e2e-cds");
    Path file = folder.resolve("emulator.jsa");
    EmulatorProcess maker =
        launch(
            List.of("-XX:ArchiveClassesAtExit=" + file),
            Map.of(),
            "deploy",
            "--port",
            "0",
            "--cp",
            EXAMPLES,
            "io.github.modalemulator.examples.fastapi.HelloApp");
    try {
      List<String> lines =
          maker.linesUntil(line -> line.startsWith("Emulator ready at "), Duration.ofSeconds(60));
      String ready = lines.get(lines.size() - 1);
      int port = Integer.parseInt(ready.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1"));
      HttpResponse<String> hello =
          HttpClient.newBuilder()
              .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://local--example-fastapi-hello.localhost:" + port))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (hello.statusCode() != 200 || maker.terminate() != 0 || !Files.isRegularFile(file)) {
        throw new IllegalStateException(
            "the emulator's CDS archive was not made: "
                + hello.statusCode()
                + " "
                + hello.body()
                + "; stderr: "
                + maker.stderr());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the CDS archive was made", e);
    } finally {
      maker.close();
    }
    file.toFile().deleteOnExit();
    folder.toFile().deleteOnExit();
    archive = file;
    return archive;
  }

  private static EmulatorProcess launch(
      List<String> jvmOptions, Map<String, String> environment, String... args) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: build it first (mvn package)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(QUICK_START);
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(withExampleSecrets(args));
    Path out = Files.createTempFile("emulator-stdout", ".txt");
    Path err = Files.createTempFile("emulator-stderr", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new EmulatorProcess(process, out, err);
  }

  /** Lines printed up to and including the first that matches, waiting at most {@code timeout}. */
  List<String> linesUntil(Predicate<String> last, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = read(stdout).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (last.test(lines.get(i))) {
          return lines.subList(0, i + 1);
        }
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no matching line within "
            + timeout
            + "; stdout: "
            + read(stdout)
            + "; stderr: "
            + read(stderr)
            + (process.isAlive() ? "" : "; exited with " + process.exitValue()));
  }

  long pid() {
    return process.pid();
  }

  /** Sends SIGTERM and waits for the exit status. */
  int terminate() throws InterruptedException {
    process.destroy();
    return exitStatus();
  }

  int exitStatus() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the emulator did not exit within 30 s; stderr: " + read(stderr));
    }
    return process.exitValue();
  }

  /** Everything printed on stderr so far; all of it once {@link #exitStatus()} returned. */
  String stderr() {
    return read(stderr);
  }

  /** Everything printed on stdout so far; all of it once {@link #exitStatus()} returned. */
  String stdout() {
    return read(stdout);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    // Its children first: a @WebServer's process, killed with it, would hold its fixed port on.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    Files.deleteIfExists(stdout);
    Files.deleteIfExists(stderr);
  }
}
