package io.github.modalemulator.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A sample project copied to a work folder and built by a real Maven as a process, offline: the
 * reactor's artifacts from the invoker's repository, the rest from the machine's through a {@code
 * file://} mirror. What the serve-goal tests share; each reads its settings from the system
 * properties Failsafe sets (maven-plugin/pom.xml).
 */
final class SampleBuild {
  static final String SERVING = "Serving... hit Ctrl-C to stop!";

  private final Path mavenHome = Path.of(property("it.mavenHome"));
  private final Path localRepository = Path.of(property("it.localRepository"));
  private final String version = property("it.pluginVersion");
  private final Path work;
  private final Path project;

  /**
   * @param work the folder emptied for this build: the project goes to {@code project/} in it
   */
  SampleBuild(Path work) {
    this.work = work;
    this.project = work.resolve("project");
  }

  Path work() {
    return work;
  }

  Path project() {
    return project;
  }

  /** A fresh copy of the sample, its plugin version filled in, and settings for the mirror. */
  void prepare(Path sample) throws IOException {
    if (Files.exists(work)) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
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

  /** Maven on the project with {@code goals}, its output to {@code log}. */
  Process maven(Path log, String... goals) throws IOException {
    return maven(Map.of(), log, goals);
  }

  /** {@link #maven(Path, String...)} with {@code environment} added to this JVM's. */
  Process maven(Map<String, String> environment, Path log, String... goals) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(mavenHome.resolve("bin/mvn").toString());
    command.addAll(
        List.of(
            "-B",
            "-ntp",
            "-s",
            work.resolve("settings.xml").toString(),
            "-Dmaven.repo.local=" + localRepository,
            // Failsafe runs two of these tests at once, and their builds share the repository.
            "-Daether.syncContext.named.factory=file-lock",
            "-Daether.syncContext.named.nameMapper=file-gav"));
    command.addAll(List.of(goals));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // Short-lived Mavens on two cores: the quick compiler is enough.
    builder
        .environment()
        .merge("MAVEN_OPTS", "-XX:TieredStopAtLevel=1", (mine, added) -> mine + " " + added);
    return builder.start();
  }

  /**
   * Waits until {@code serve} has printed {@link #SERVING} and a line {@code url} matches.
   *
   * @param logs what a failure's message shows
   */
  static Matcher awaitServing(
      Process serve, Path log, Pattern url, Duration limit, Supplier<String> logs)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      String text = read(log);
      Matcher found = url.matcher(text);
      if (text.contains(SERVING) && found.find()) {
        return found;
      }
      if (!serve.isAlive()) {
        throw new AssertionError(
            "mvn modal-emulator:serve ended with " + serve.exitValue() + "; " + logs.get());
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "mvn modal-emulator:serve printed no URL within "
            + limit.toSeconds()
            + " s; "
            + logs.get());
  }

  /** The last 80 lines of a log. */
  static String tail(Path log) {
    List<String> lines = read(log).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops a Maven that is still running, and what it started. */
  static void destroy(Process process) throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "System property " + name + " is unset: Failsafe sets it (maven-plugin/pom.xml)");
    }
    return value;
  }
}
