package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.runtime.Container;
import io.github.modalemulator.internal.runtime.ContainerKinds;
import io.github.modalemulator.internal.runtime.FunctionLog;
import io.undertow.server.HttpHandler;

/** A {@code @FastapiEndpoint} container: the one-route app around the function. */
public final class FastapiContainer implements Container {
  private final FastapiApp app;

  private FastapiContainer(
      FunctionDefinition function, Object instance, ObjectMapper json, FunctionLog log) {
    this.app = new FastapiApp(function, instance, json, log);
  }

  /** How containers start the FastAPI kinds, reading and writing JSON with {@code json}. */
  public static ContainerKinds.Kind kind(ObjectMapper json) {
    return (function, instance, log) -> new FastapiContainer(function, instance, json, log);
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
