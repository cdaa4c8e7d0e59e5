package io.github.modalemulator.examples.asgi;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.undertow.server.HttpHandler;
import java.util.Map;

/**
 * The seed's "correct" ASGI requirements snippet: synchronous, no parameters, returns the app built
 * elsewhere. The two incorrect ones (async, with parameters) are definition errors; the examples'
 * tests show their messages.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.asgi_app()
 * def create_asgi():
 *     return fastapi_app
 * </pre>
 */
@App("example-asgi-requirements")
public class CreateAsgi {
  private static final HttpHandler FASTAPI_APP =
      exchange -> JsonExchange.send(exchange, 200, Map.of("built", "once, outside the factory"));

  @Function
  @AsgiApp
  public static HttpHandler createAsgi() {
    return FASTAPI_APP;
  }
}
