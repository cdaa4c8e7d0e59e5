package io.github.modalemulator.internal.serve;

import io.github.modalemulator.emulator.ProxyAuthToken;
import io.github.modalemulator.emulator.Reloaded;
import io.github.modalemulator.emulator.WebFunction;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code serve} and {@code deploy} do once the emulator runs, from the command line or from
 * {@code Emulator.serve} in an IDE: print the cloud's lines, wait for SIGINT or SIGTERM, stop
 * gracefully.
 */
public final class ServeLoop {
  /** The system property that moves {@code Emulator.serve} off port 9000 (0: any free port). */
  public static final String PORT_PROPERTY = "modal.emulator.port";

  static final String READY = "Emulator ready at ";

  private ServeLoop() {}

  /** The lines the cloud prints per web function, then the token and ready lines. */
  public static List<String> startupLines(
      List<WebFunction> functions, Optional<ProxyAuthToken> generated, String baseUrl) {
    return startupLines(List.of(), functions, generated, baseUrl);
  }

  /**
   * The tags the cloud shows for functions that code calls: a function's name, and for a class's
   * methods one {@code Model.*}, the class's service function (modal-client {@code cls.py}: {@code
   * f"{name}.*"}).
   */
  static List<String> calledTags(List<String> called) {
    List<String> tags = new ArrayList<>();
    for (String name : called) {
      int dot = name.indexOf('.');
      String tag = dot < 0 ? name : name.substring(0, dot) + ".*";
      if (!tags.contains(tag)) {
        tags.add(tag);
      }
    }
    return tags;
  }

  /**
   * The lines the cloud prints per function that code calls ({@code process}, {@code
   * Model.predict}), then per web function, then the token and ready lines.
   */
  public static List<String> startupLines(
      List<String> called,
      List<WebFunction> functions,
      Optional<ProxyAuthToken> generated,
      String baseUrl) {
    List<String> lines = new ArrayList<>();
    for (String name : calledTags(called)) {
      // modal-client py/modal/_output/status.py: a function without a web URL
      lines.add("Created function " + name + ".");
    }
    for (WebFunction function : functions) {
      if (addServerLines(lines, function)) {
        continue;
      }
      // modal-client py/modal/_output/status.py (_get_annotation_for_web_url): a cut label's
      // URL is followed by the key mark, then " (label truncated)"; custom domains get neither.
      lines.add(
          "Created web function "
              + function.name()
              + " => "
              + function.url()
              + (function.requiresProxyAuth() ? " \uD83D\uDD11" : "")
              + (function.labelTruncated() ? " (label truncated)" : ""));
      for (String url : function.customDomainUrls()) {
        lines.add("Custom domain for " + function.name() + " => " + url);
      }
    }
    generated.ifPresent(
        token ->
            lines.add(
                "Proxy auth token generated for this run: Modal-Key: "
                    + token.key()
                    + " Modal-Secret: "
                    + token.secret()));
    lines.add(READY + baseUrl + " (also an HTTP proxy for the URLs above); hit Ctrl-C to stop.");
    return lines;
  }

  /**
   * Prints {@code lines}, then serves until SIGINT or SIGTERM (or the JVM's shutdown, where signals
   * can't be handled), then closes {@code emulator} and says so on standard error. The JVM's own
   * handling of those signals is back when this returns.
   */
  public static void run(List<String> lines, AutoCloseable emulator) {
    run(lines, emulator, false);
  }

  /**
   * As {@link #run(List, AutoCloseable)}; with {@code stopWithStdin}, also stops gracefully when
   * standard input ends: a container JVM whose emulator holds its input open ends with that
   * emulator, even one killed outright, instead of living on with its ports.
   */
  public static void run(List<String> lines, AutoCloseable emulator, boolean stopWithStdin) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    CountDownLatch stop = new CountDownLatch(1);
    if (stopWithStdin) {
      Thread watch =
          new Thread(
              () -> {
                try {
                  while (System.in.read() >= 0) {
                    // nothing is sent: only the end matters
                  }
                } catch (java.io.IOException ended) {
                  // gone all the same
                }
                stop.countDown();
              },
              "modal-parent-watch");
      watch.setDaemon(true);
      watch.start();
    }
    Optional<Signals.Installed> signals = Signals.onTermination(stop::countDown);
    if (signals.isEmpty()) {
      // No signal handling here: stop gracefully from a shutdown hook (the exit status is then
      // the JVM's, 143 for SIGTERM).
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> closeQuietly(emulator), "modal-emulator-stop"));
    }
    try {
      lines.forEach(out::println);
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // Ours until the emulator is closed: a second Ctrl-C doesn't cut the graceful stop short.
      try {
        closeQuietly(emulator);
      } finally {
        signals.ifPresent(Signals.Installed::close);
      }
    }
    System.err.println("Emulator stopped.");
  }

  /**
   * A server's lines ({@code @Server}, {@code @HttpServer}), as modal-client's {@code
   * py/modal/_output/status.py} prints a function with flash service URLs; false for any other
   * kind, which adds nothing.
   */
  private static boolean addServerLines(List<String> lines, WebFunction function) {
    if (!function.kind().equals("server") && !function.kind().equals("http_server")) {
      return false;
    }
    lines.add("Created function " + function.name() + ".");
    lines.add("Created flash service endpoint for " + function.name() + " => " + function.url());
    return true;
  }

  /** What serve prints after a reload: the cloud's lines for what changed, then a summary. */
  public static List<String> reloadLines(Reloaded reloaded, long millis) {
    List<String> lines = new ArrayList<>();
    for (WebFunction function : reloaded.added()) {
      if (!addServerLines(lines, function)) {
        lines.add("Created web function " + function.name() + " => " + function.url());
      }
    }
    for (WebFunction function : reloaded.changed()) {
      if (!addServerLines(lines, function)) {
        lines.add("Created web function " + function.name() + " => " + function.url());
      }
    }
    for (WebFunction function : reloaded.removed()) {
      lines.add("Removed web function " + function.name() + " (was " + function.url() + ")");
    }
    lines.add(
        "Reloaded: generation "
            + reloaded.generation()
            + " serves, in "
            + millis
            + " ms"
            + (reloaded.drained()
                ? "."
                : "; some requests of the old code were cut at the stop timeout."));
    return lines;
  }

  /** The cloud's line once a serve that reloads runs. */
  public static final String SERVING = "\u26A1\uFE0F Serving... hit Ctrl-C to stop!";

  /** What serve says when a reload can't be made: the previous code keeps serving. */
  public static final String STILL_SERVING =
      "Still serving the previous code; the next change reloads again.";

  /** Routes Undertow's and XNIO's logging to SLF4J and keeps it to warnings, on standard error. */
  public static void quietLibraryLogging() {
    setIfAbsent("org.jboss.logging.provider", "slf4j");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setIfAbsent("org.slf4j.simpleLogger.log.org.xnio", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.io.undertow", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.org.jboss", "warn");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static void closeQuietly(AutoCloseable emulator) {
    try {
      emulator.close();
    } catch (Exception e) {
      System.err.println("The emulator did not stop cleanly: " + e);
    }
  }
}
