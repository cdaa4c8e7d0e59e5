package io.github.modalemulator.internal.runtime.fastapi;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.runtime.ContainerKinds;
import io.github.modalemulator.internal.runtime.FunctionLog;
import io.github.modalemulator.internal.runtime.ServingPart;
import io.undertow.server.HttpHandler;

/**
 * The serving part of a {@code @FastapiEndpoint} function: the one-route app around the function.
 */
public final class FastapiPart implements ServingPart {
  private final FastapiApp app;
  private final FastapiOptions options;

  private FastapiPart(
      FunctionDefinition function, Object instance, FastapiOptions fastapi, FunctionLog log) {
    this.options = fastapi;
    this.app = new FastapiApp(function, instance, fastapi, log);
  }

  /**
   * How containers start the FastAPI kinds: JSON mapper and emulated releases in {@code fastapi}.
   */
  public static ContainerKinds.Kind kind(FastapiOptions fastapi) {
    return (function, instance, log) ->
        new FastapiPart(
            function,
            instance,
            fastapi.forClassesOf(function.method().getDeclaringClass().getClassLoader()),
            log);
  }

  @Override
  public HttpHandler handler() {
    return app;
  }

  @Override
  public void stop() {
    // Nothing of the user's to shut down here: a class's instance is the container's to end. The
    // container's own constraint checks end with it.
    options.containerStopped();
  }
}
