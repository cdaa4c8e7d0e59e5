package io.github.modalemulator.benchmarks.reliability;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Request;
import io.github.modalemulator.WebServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the reliability suite attacks: a health probe, a query echo, a JSON body, a raw body, two
 * guarded functions, an open count of the guarded functions' runs, a web server whose backend logs
 * every byte it receives, and a function that allocates until the heap runs out.
 */
@App("rel")
public final class ReliabilityApp {
  /** The guarded function's answer: seeing it without a valid token is a bypass. */
  public static final String GUARDED_MARK = "guarded-function-ran";

  /**
   * Every run of a guarded function, seen or not: a HEAD, a smuggled request or an answer lost on
   * the way still counts here.
   */
  private static final AtomicInteger GUARDED_RUNS = new AtomicInteger();

  private ReliabilityApp() {}

  @Function
  @FastapiEndpoint
  public static Map<String, Object> health() {
    return Map.of("ok", true);
  }

  /** The query parameter {@code s} as the function received it. */
  @Function
  @FastapiEndpoint
  public static Map<String, Object> text(String s) {
    return Map.of("s", s);
  }

  @Function
  @FastapiEndpoint(method = "POST")
  public static Map<String, Object> echo(Map<String, Object> body) {
    return Map.of("keys", body.size());
  }

  @Function
  @FastapiEndpoint(method = "POST")
  public static Map<String, Object> raw(Request request) {
    return Map.of("bytes", request.body().length);
  }

  @Function
  @FastapiEndpoint(requiresProxyAuth = true)
  public static String guarded() {
    GUARDED_RUNS.incrementAndGet();
    return GUARDED_MARK;
  }

  @Function
  @FastapiEndpoint(method = "POST", requiresProxyAuth = true)
  public static String guardedPost(Map<String, Object> body) {
    GUARDED_RUNS.incrementAndGet();
    return GUARDED_MARK;
  }

  /** How often the guarded functions have run. */
  @Function
  @FastapiEndpoint
  public static Map<String, Object> guardedRuns() {
    return Map.of("runs", GUARDED_RUNS.get());
  }

  /** The port of the web server's backend, {@link LoggingBackend}. */
  static final int BACKEND_PORT = 29481;

  @Function
  @WebServer(BACKEND_PORT)
  public static AutoCloseable backend() throws IOException {
    return LoggingBackend.start(BACKEND_PORT);
  }

  /**
   * User code gone wrong: holds 8 MiB more at a time until the JVM throws {@link OutOfMemoryError},
   * which ends it (and frees what it held).
   */
  @Function
  @FastapiEndpoint
  public static Map<String, Object> hog() {
    List<long[]> held = new ArrayList<>();
    while (true) {
      held.add(new long[1 << 20]);
    }
  }
}
