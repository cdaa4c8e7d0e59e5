package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.WebKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a container starts each endpoint kind's part. The FastAPI kinds come from their own package,
 * which builds on this one: the shared runtime knows no kind's internals.
 */
public final class ContainerKinds {
  /** Starts one function's part of a container. */
  @FunctionalInterface
  public interface Kind {
    /**
     * @param instance the container's instance of the function's class, or null for a static one
     */
    ServingPart start(FunctionDefinition function, Object instance, FunctionLog log)
        throws Exception;
  }

  private final Map<WebKind, Kind> byKind;

  private final boolean strictBind;

  private ContainerKinds(Map<WebKind, Kind> byKind, boolean strictBind) {
    this.byKind = byKind;
    this.strictBind = strictBind;
  }

  /** Whether a server that accepts connections only on loopback fails its container. */
  boolean strictBind() {
    return strictBind;
  }

  /**
   * The app kinds of this package, and {@code fastapi} for both FastAPI kinds; servlets read forms
   * as {@code forms} says where they declare nothing.
   *
   * @param strictWebServerBind a {@code @WebServer} that accepts connections only on loopback fails
   *     its container, as in the cloud, instead of a warning in its function's log
   */
  public static ContainerKinds of(Kind fastapi, ServletForms forms, boolean strictWebServerBind) {
    Map<WebKind, Kind> byKind = new EnumMap<>(WebKind.class);
    byKind.put(WebKind.ASGI_APP, AsgiPart::start);
    byKind.put(WebKind.WSGI_APP, WsgiPart.kind(forms));
    byKind.put(
        WebKind.WEB_SERVER,
        (function, instance, log) ->
            WebServerPart.start(function, instance, log, strictWebServerBind));
    byKind.put(WebKind.FASTAPI_ENDPOINT, fastapi);
    byKind.put(WebKind.WEB_ENDPOINT, fastapi);
    return new ContainerKinds(byKind, strictWebServerBind);
  }

  ServingPart start(FunctionDefinition function, Object instance, FunctionLog log)
      throws Exception {
    return byKind.get(function.web().kind()).start(function, instance, log);
  }
}
