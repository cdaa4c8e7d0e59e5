package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.runtime.fastapi.FastapiApp;
import io.github.modalemulator.internal.runtime.fastapi.FastapiOptions;
import io.undertow.server.HttpHandler;

/** A {@code @FastapiEndpoint} container: the one-route app around the function. */
final class FastapiContainer implements Container {
  private final FastapiApp app;

  FastapiContainer(
      FunctionDefinition function, Object instance, FastapiOptions fastapi, FunctionLog log) {
    this.app = new FastapiApp(function, instance, fastapi, log);
  }

  @Override
  public HttpHandler handler() {
    return app;
  }

  @Override
  public void stop() {
    // Nothing of the user's to shut down here: a class's instance is the container's to end.
  }
}
