package io.github.modalemulator.examples.fastapi;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import java.util.Map;

/**
 * The seed's first snippet: a FastAPI endpoint.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.fastapi_endpoint(method="GET")
 * def hello():
 *     return {"message": "Hello, world!"}
 * </pre>
 */
@App("example-fastapi")
public class HelloApp {

  @Function
  @FastapiEndpoint(method = "GET")
  public static Map<String, String> hello() {
    return Map.of("message", "Hello, world!");
  }
}
