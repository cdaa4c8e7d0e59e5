package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.undertow.server.HttpHandler;
import java.lang.reflect.InvocationTargetException;

/** An {@code @AsgiApp} container: the factory's handler, made once at container start. */
final class AsgiContainer implements Container {
  private final HttpHandler app;
  private final FunctionLog log;

  private AsgiContainer(HttpHandler app, FunctionLog log) {
    this.app = app;
    this.log = log;
  }

  /** Runs the factory; its exception, unwrapped, fails the start. */
  static AsgiContainer start(FunctionDefinition function, FunctionLog log) throws Exception {
    Object app;
    try {
      app = function.method().invoke(null);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    if (app == null) {
      throw new IllegalStateException(
          "@AsgiApp method " + function.where() + " returned null; return the app's root handler");
    }
    return new AsgiContainer((HttpHandler) app, log);
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
