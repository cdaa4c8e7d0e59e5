package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.undertow.server.HttpHandler;

/**
 * The serving part of an {@code @AsgiApp} function: the factory's handler, made once at container
 * start.
 */
final class AsgiPart implements ServingPart {
  private final HttpHandler app;
  private final FunctionLog log;

  private AsgiPart(HttpHandler app, FunctionLog log) {
    this.app = app;
    this.log = log;
  }

  /** Runs the factory; its exception, unwrapped, fails the start. */
  static AsgiPart start(FunctionDefinition function, Object instance, FunctionLog log)
      throws Exception {
    return new AsgiPart(
        (HttpHandler) UserCode.product(function, instance, "the app's root handler"), log);
  }

  @Override
  public HttpHandler handler() {
    return app;
  }

  /**
   * Undertow calls a handler on the I/O thread that read the request, and so does the cloud's event
   * loop an ASGI app: code that blocks dispatches to a worker, as with any Undertow handler.
   */
  @Override
  public boolean nonBlocking() {
    return true;
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
