package io.github.modalemulator.internal.definition;

import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.WebEndpoint;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.WsgiApp;
import java.lang.annotation.Annotation;
import java.util.List;

/** The ways a function can be exposed over HTTP, each with its annotation and the cloud's name. */
@SuppressWarnings("removal") // WebEndpoint is deprecated for removal, and still served
public enum WebKind {
  ASGI_APP("asgi_app", AsgiApp.class),
  FASTAPI_ENDPOINT("fastapi_endpoint", FastapiEndpoint.class),
  /** The deprecated alias of FASTAPI_ENDPOINT: same behaviour, one warning. */
  WEB_ENDPOINT("web_endpoint", WebEndpoint.class),
  WSGI_APP("wsgi_app", WsgiApp.class),
  WEB_SERVER("web_server", WebServer.class);

  private final String cloudName;
  private final Class<? extends Annotation> annotation;

  WebKind(String cloudName, Class<? extends Annotation> annotation) {
    this.cloudName = cloudName;
    this.annotation = annotation;
  }

  /** The decorator's name in the cloud's SDK ({@code asgi_app}). */
  public String cloudName() {
    return cloudName;
  }

  public Class<? extends Annotation> annotation() {
    return annotation;
  }

  /** {@code @AsgiApp}, as messages name it. */
  public String javaName() {
    return "@" + annotation.getSimpleName();
  }

  /** Whether the cloud wraps the function in a one-route FastAPI app. */
  public boolean isFastapi() {
    return this == FASTAPI_ENDPOINT || this == WEB_ENDPOINT;
  }

  public static List<WebKind> all() {
    return List.of(values());
  }
}
