package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.PoolSpec;
import io.github.modalemulator.internal.definition.Resources;
import io.github.modalemulator.internal.definition.WebKind;
import io.github.modalemulator.internal.isolation.AppClassPath;
import io.undertow.server.HttpHandler;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One container as a child JVM ({@code Isolation.PROCESS}), as each container of the cloud is a
 * process: it runs the {@code container} command for the pool's web functions on loopback ports,
 * with the function's environment (its secrets' keys and {@code env}, as real environment
 * variables), its volumes' folders ({@value
 * io.github.modalemulator.ExecutionContext#VOLUMES_VARIABLE}), its heap cap ({@code memory} as
 * {@code -Xmx}) and {@code jvmOptions}; the edge forwards each request to it. What the child prints
 * goes to the function's log. A child that exits fails its container, which is then replaced;
 * stopping the container stops the child gracefully (its {@code @Exit} hooks run), then forcibly
 * after {@link #STOP_GRACE_SECONDS}.
 */
final class ProcessContainer {
  /** The class the child runs: the emulator's command line. */
  static final String MAIN_CLASS = "io.github.modalemulator.cli.EmulatorCli";

  /** Seconds a child JVM has to start serving, on top of its web servers' own start timeouts. */
  static final double START_SECONDS = 60;

  /** Seconds a child has to stop after SIGTERM before it is killed. */
  static final long STOP_GRACE_SECONDS = 10;

  /** Lines of a child's output kept for the message when it fails to start. */
  private static final int KEPT_LINES = 20;

  private final Process process;
  private final FunctionLog log;
  private final Deque<String> lastLines = new ArrayDeque<>();

  private ProcessContainer(Process process, FunctionLog log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Whether the pool's functions can run in a child JVM: its web functions, not functions called.
   */
  static boolean serves(PoolSpec spec) {
    return spec.functions().stream().allMatch(f -> f.web() != null);
  }

  /**
   * Starts the child and waits until every function's port accepts connections.
   *
   * @param environment the variables the child gets on top of this JVM's own
   * @param mounts each mount path and its local folder
   */
  static Container start(
      String id,
      PoolSpec spec,
      AppClassPath classPath,
      Map<String, String> environment,
      Map<String, Path> mounts,
      FunctionLog log,
      long readyAt)
      throws Exception {
    Map<FunctionDefinition, Integer> ports = new LinkedHashMap<>();
    double startSeconds = START_SECONDS;
    int replicaPort = 0;
    for (FunctionDefinition function : spec.functions()) {
      if (function.web().kind().isServer()) {
        replicaPort = ReplicaPorts.reserve(function.web().port());
        ports.put(function, replicaPort);
        startSeconds += function.web().startupTimeout();
      } else if (function.web().kind() == WebKind.WEB_SERVER) {
        ports.put(function, function.web().port());
        startSeconds += function.web().startupTimeout();
      } else {
        ports.put(function, freePort());
      }
    }
    ProcessBuilder builder = new ProcessBuilder(command(spec, classPath, ports));
    builder.environment().putAll(environment);
    if (replicaPort != 0) {
      builder.environment().put(ExecutionContext.SERVER_PORT_VARIABLE, String.valueOf(replicaPort));
    }
    if (!mounts.isEmpty()) {
      builder
          .environment()
          .put(ExecutionContext.VOLUMES_VARIABLE, LocalResources.volumesVariable(mounts));
    }
    builder.redirectErrorStream(true);
    ProcessContainer child;
    try {
      child = new ProcessContainer(builder.start(), log);
    } catch (IOException | RuntimeException e) {
      if (replicaPort != 0) {
        ReplicaPorts.release(replicaPort);
      }
      throw e;
    }
    child.pumpOutput(id);
    log.info("container " + id + " is process " + child.process.pid());
    long deadline = System.nanoTime() + (long) (startSeconds * TimeUnit.SECONDS.toNanos(1));
    boolean ready = false;
    try {
      for (int port : ports.values()) {
        while (!WebServerPart.accepting(port)) {
          if (!child.process.isAlive()) {
            throw new IllegalStateException(
                "the container's JVM exited with status "
                    + child.process.exitValue()
                    + " before it served; its last lines:\n"
                    + child.lastLines());
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "the container's JVM did not serve within "
                    + startSeconds
                    + " s; its last lines:\n"
                    + child.lastLines());
          }
          Thread.sleep(10);
        }
      }
      ready = true;
    } finally {
      if (!ready) {
        child.stop();
        if (replicaPort != 0) {
          ReplicaPorts.release(replicaPort);
        }
      }
    }
    Map<String, ServingPart> parts = new LinkedHashMap<>();
    ports.forEach((function, port) -> parts.put(function.name(), child.part(port)));
    return Container.ofProcess(id, parts, log, readyAt, replicaPort);
  }

  private static List<String> command(
      PoolSpec spec, AppClassPath classPath, Map<FunctionDefinition, Integer> ports) {
    Resources resources = spec.resources();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    int heap = resources.memoryLimit() > 0 ? resources.memoryLimit() : resources.memory();
    if (heap > 0) {
      command.add("-Xmx" + heap + "m"); // the cloud's memory is MiB
    }
    command.addAll(resources.jvmOptions());
    command.add("-cp");
    command.add(emulatorClassPath());
    command.add(MAIN_CLASS);
    command.add("container");
    command.add("--stop-with-stdin"); // this JVM holds its input: if it dies, so does the child
    command.add("--bind");
    command.add("127.0.0.1");
    command.add("--cp");
    command.add(
        classPath.entries().stream()
            .map(Path::toString)
            .collect(Collectors.joining(File.pathSeparator)));
    if (spec.cls() != null) {
      // a parameter set's pool: its child makes the class's instance with the set's values
      spec.cls()
          .values()
          .forEach(
              (name, value) -> {
                command.add("--parameter");
                command.add(
                    name
                        + "="
                        + (value instanceof byte[] bytes
                            ? new String(bytes, StandardCharsets.UTF_8)
                            : String.valueOf(value)));
              });
    }
    FunctionDefinition first = spec.functions().get(0);
    Class<?> app =
        first.cls() != null
            ? first.cls().type().getDeclaringClass()
            : first.method().getDeclaringClass();
    command.add(app.getName());
    ports.forEach(
        (function, port) ->
            command.add(
                function.web().kind().forwards() ? function.name() : function.name() + "=" + port));
    return command;
  }

  /**
   * Where a host whose own class path lacks the emulator (Maven's JVM, which the plugin's goals run
   * in) says the emulator's classes and libraries are, for child containers.
   */
  static final String CLASS_PATH_PROPERTY = "modal.emulator.classPath";

  /**
   * The class path of the emulator's own classes and libraries for the child: {@value
   * #CLASS_PATH_PROPERTY} when set, else this JVM's class path, which holds them in a test run, an
   * IDE and {@code java -jar emulator.jar}.
   */
  static String emulatorClassPath() {
    String given = System.getProperty(CLASS_PATH_PROPERTY);
    return given != null ? given : System.getProperty("java.class.path");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void pumpOutput(String id) {
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                      lastLines.removeFirst();
                    }
                  }
                  log.printed(line);
                }
              } catch (IOException ended) {
                // the child is gone: nothing more to read
              }
            },
            "modal-container-output-" + id);
    pump.setDaemon(true);
    pump.start();
  }

  private String lastLines() {
    synchronized (lastLines) {
      return String.join("\n", lastLines);
    }
  }

  private ServingPart part(int port) {
    HttpHandler forward = WebServerPart.forwarder(URI.create("http://127.0.0.1:" + port));
    return new ServingPart() {
      @Override
      public HttpHandler handler() {
        return forward;
      }

      @Override
      public boolean nonBlocking() {
        return true;
      }

      @Override
      public void stop() {
        ProcessContainer.this.stop();
      }

      @Override
      public boolean failed() {
        return !process.isAlive();
      }
    };
  }

  /** SIGTERM, so the child's container stops as the cloud's does; killed if it takes too long. */
  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        log.warn(
            "the container's JVM "
                + process.pid()
                + " did not stop within "
                + STOP_GRACE_SECONDS
                + " s; killed");
        process.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
