package io.github.modalemulator.examples.fastapi;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebEndpoint;
import java.util.Map;

/**
 * The seed's deprecated {@code web_endpoint} snippet, old and new side by side. Both behave the
 * same; the old one makes the emulator warn once, naming the replacement.
 *
 * <pre>
 * # Old (deprecated)
 * &#64;modal.web_endpoint(method="GET")
 * def handler():
 *     return {"data": "value"}
 *
 * # New (recommended)
 * &#64;modal.fastapi_endpoint(method="GET")
 * def handler():
 *     return {"data": "value"}
 * </pre>
 */
public final class WebEndpointMigration {
  private WebEndpointMigration() {}

  /** Old (deprecated). */
  @App("example-web-endpoint-old")
  public static class Old {
    @Function
    @SuppressWarnings("removal") // the point of this example
    @WebEndpoint(method = "GET")
    public static Map<String, String> handler() {
      return Map.of("data", "value");
    }
  }

  /** New (recommended). */
  @App("example-web-endpoint-new")
  public static class New {
    @Function
    @FastapiEndpoint(method = "GET")
    public static Map<String, String> handler() {
      return Map.of("data", "value");
    }
  }
}
