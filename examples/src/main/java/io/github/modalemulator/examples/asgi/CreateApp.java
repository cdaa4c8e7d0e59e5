package io.github.modalemulator.examples.asgi;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.Function;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import java.io.IOException;
import java.util.Map;

/**
 * The seed's ASGI app: a FastAPI app with {@code GET /} and {@code POST /items}, here an Undertow
 * {@link RoutingHandler}, the JVM's counterpart of an ASGI app.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.asgi_app()
 * def create_app():
 *     web_app = FastAPI()
 *     ...
 *     return web_app
 * </pre>
 */
@App("example-asgi")
public class CreateApp {

  @Function
  @AsgiApp
  public static HttpHandler createApp() {
    return new RoutingHandler()
        .get("/", exchange -> JsonExchange.send(exchange, 200, Map.of("message", "Welcome")))
        .post(
            "/items",
            exchange ->
                exchange
                    .getRequestReceiver()
                    .receiveFullBytes(
                        (done, body) -> {
                          try {
                            Object item = JsonExchange.JSON.readValue(body, Object.class);
                            JsonExchange.send(done, 200, Map.of("created", item));
                          } catch (IOException e) {
                            // FastAPI answers a body it can't parse with 422.
                            JsonExchange.send(done, 422, Map.of("detail", "JSON decode error"));
                          }
                        }))
        .setFallbackHandler(JsonExchange::notFound);
  }
}
