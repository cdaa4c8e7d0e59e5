package io.github.modalemulator.benchmarks.reliability;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Request;
import java.util.Map;

/** What the reliability suite attacks: a health probe, a JSON body, a raw body, a guarded one. */
@App("rel")
public final class ReliabilityApp {
  /** The guarded function's answer: seeing it without a valid token is a bypass. */
  public static final String GUARDED_MARK = "guarded-function-ran";

  private ReliabilityApp() {}

  @Function
  @FastapiEndpoint
  public static Map<String, Object> health() {
    return Map.of("ok", true);
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
    return GUARDED_MARK;
  }

  @Function
  @FastapiEndpoint(method = "POST", requiresProxyAuth = true)
  public static String guardedPost(Map<String, Object> body) {
    return GUARDED_MARK;
  }
}
