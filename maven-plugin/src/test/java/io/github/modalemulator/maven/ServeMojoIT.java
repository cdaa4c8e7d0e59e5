package io.github.modalemulator.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve goal, as Maven runs it after compile: real javac into a classes folder, the real CLI
 * serve in this JVM; a recompile reloads; SIGINT (Ctrl-C) ends the goal normally, and gives the
 * signals back to the JVM.
 */
class ServeMojoIT {
  private static final Pattern URL = Pattern.compile("hello => (http://\\S+:(\\d+))");

  @TempDir Path temp;

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void servesTheClassesFolderReloadsOnRecompileAndStopsOnCtrlC() throws Exception {
    Path classes = Files.createDirectories(temp.resolve("classes"));
    compile(classes, "v1");
    ServeMojo mojo = new ServeMojo();
    mojo.classesDirectory = classes.toFile();
    mojo.artifacts = Set.of();
    mojo.port = 0;
    mojo.bind = "127.0.0.1";

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread serve =
        new Thread(
            () -> {
              try {
                mojo.execute();
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "serve-goal");
    try {
      serve.start();
      Matcher url = awaitUrl(captured);
      HttpClient client =
          HttpClient.newBuilder()
              .proxy(
                  ProxySelector.of(
                      new InetSocketAddress("127.0.0.1", Integer.parseInt(url.group(2)))))
              .build();
      assertThat(get(client, url.group(1))).contains("v1");

      compile(classes, "v2");
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      String body = get(client, url.group(1));
      while (!body.contains("v2") && System.nanoTime() < deadline) {
        Thread.sleep(50);
        body = get(client, url.group(1));
      }
      assertThat(body).contains("v2");
    } finally {
      new ProcessBuilder("kill", "-INT", Long.toString(ProcessHandle.current().pid()))
          .inheritIO()
          .start()
          .waitFor();
      serve.join(Duration.ofSeconds(15).toMillis());
      System.setOut(original);
    }
    assertThat(serve.isAlive()).as("serve ended at SIGINT").isFalse();
    assertThat(failure.get()).isNull();
  }

  /**
   * Maven's JVM goes on after serve (the rest of the build); it must stop at the next signal, as it
   * would have without serve. A child JVM, since the signal ends it.
   */
  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void afterServeTheJvmEndsAtSigtermAgain() throws Exception {
    Path classes = Files.createDirectories(temp.resolve("classes"));
    compile(classes, "v1");
    Path out = temp.resolve("out.txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ServeThenWait.class.getName(),
                classes.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      awaitLine(out, process, URL.pattern());
      process.destroy(); // SIGTERM: serve ends, its handler gives the signals back
      awaitLine(out, process, ServeThenWait.RETURNED);
      process.destroy(); // SIGTERM again: now the JVM's own handling
      assertThat(process.waitFor(15, TimeUnit.SECONDS))
          .as(() -> "the JVM still runs 15 s after the second SIGTERM; output: " + read(out))
          .isTrue();
      assertThat(process.exitValue()).as(() -> read(out)).isEqualTo(128 + 15);
    } finally {
      process.destroyForcibly();
      process.waitFor(15, TimeUnit.SECONDS);
    }
  }

  private static void awaitLine(Path out, Process process, String regex)
      throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (pattern.matcher(read(out)).find()) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "ended with " + process.exitValue() + " before " + regex + "; output: " + read(out));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no " + regex + " within 30 s; output: " + read(out));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Matcher awaitUrl(ByteArrayOutputStream captured) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = URL.matcher(captured.toString(StandardCharsets.UTF_8));
      if (matcher.find()) {
        return matcher;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no URL printed: " + captured.toString(StandardCharsets.UTF_8));
  }

  private static String get(HttpClient client, String url) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void compile(Path classes, String answer) throws IOException {
    Path source = temp.resolve("src/sample/ServeApp.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        "package sample;\n"
            + "@io.github.modalemulator.App(\"serve-sample\")\n"
            + "public class ServeApp {\n"
            + "  @io.github.modalemulator.Function\n"
            + "  @io.github.modalemulator.FastapiEndpoint(method = \"GET\")\n"
            + "  public static String hello() { return \""
            + answer
            + "\"; }\n"
            + "}\n");
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-classpath",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                source.toString());
    assertThat(status).isZero();
  }

  /** Writes to both. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }
  }
}
