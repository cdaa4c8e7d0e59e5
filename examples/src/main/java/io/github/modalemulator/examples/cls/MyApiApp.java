package io.github.modalemulator.examples.cls;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.FastapiEndpoint;
import java.util.Map;

/**
 * The seed's class with web methods. Each container makes one {@code MyAPI} and serves both
 * endpoints with it, so instance fields live as long as the container (here, a count of what this
 * container processed).
 *
 * <pre>
 * &#64;app.cls()
 * class MyAPI:
 *     &#64;modal.fastapi_endpoint(method="GET")
 *     def health(self):
 *         return {"status": "healthy"}
 *
 *     &#64;modal.fastapi_endpoint(method="POST")
 *     def process(self, data: dict):
 *         # Access instance state
 *         return {"processed": data}
 * </pre>
 */
@App("example-cls")
public class MyApiApp {

  @Cls
  public static class MyAPI {
    private int processedHere;

    @FastapiEndpoint(method = "GET")
    public Map<String, String> health() {
      return Map.of("status", "healthy");
    }

    @FastapiEndpoint(method = "POST")
    public Map<String, Object> process(Map<String, Object> data) {
      processedHere++; // instance state: this container's count
      return Map.of("processed", data);
    }

    /** How many inputs this container's instance processed. */
    public int processedHere() {
      return processedHere;
    }
  }
}
