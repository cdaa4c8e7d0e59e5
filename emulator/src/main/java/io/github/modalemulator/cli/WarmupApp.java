package io.github.modalemulator.cli;

import io.github.modalemulator.App;
import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.util.Map;

/**
 * The emulator's own app for {@code warmup}: what an image build runs to record the classes a
 * container loads, so that no user code runs at build time.
 */
@App("modal-emulator-warmup")
final class WarmupApp {
  private WarmupApp() {}

  @Function
  @FastapiEndpoint(method = "POST")
  static Map<String, Object> echo(String name, Map<String, Object> data) {
    return Map.of("name", name, "data", data);
  }

  @Function
  @AsgiApp
  static HttpHandler handler() {
    return exchange -> {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseSender().send("{\"ok\":true}");
    };
  }
}
