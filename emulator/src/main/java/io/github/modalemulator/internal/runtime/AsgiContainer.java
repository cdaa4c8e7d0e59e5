package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.undertow.server.HttpHandler;

/** An {@code @AsgiApp} container: the factory's handler, made once at container start. */
final class AsgiContainer implements Container {
  private final HttpHandler app;
  private final FunctionLog log;

  private AsgiContainer(HttpHandler app, FunctionLog log) {
    this.app = app;
    this.log = log;
  }

  /** Runs the factory; its exception, unwrapped, fails the start. */
  static AsgiContainer start(FunctionDefinition function, Object instance, FunctionLog log)
      throws Exception {
    return new AsgiContainer(
        (HttpHandler) Factories.product(function, instance, "the app's root handler"), log);
  }

  @Override
  public HttpHandler handler() {
    return app;
  }

  @Override
  public void stop() {
    if (app instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.error("the app's close() failed while its container stopped", e);
      }
    }
  }
}
