package io.github.modalemulator.internal.definition;

import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.HttpServer;
import io.github.modalemulator.Server;
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
  WEB_SERVER("web_server", WebServer.class),
  /** {@code @app.server}: a class whose enter hooks start a server, each replica one. */
  SERVER("server", Server.class),
  /** {@code @modal.experimental.http_server} on a {@code @Cls} class: as SERVER. */
  HTTP_SERVER("http_server", HttpServer.class);

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

  /** Whether a class is the server, its replicas each listening on a port: SERVER, HTTP_SERVER. */
  public boolean isServer() {
    return this == SERVER || this == HTTP_SERVER;
  }

  /** Whether the edge forwards requests to a port the user's server listens on. */
  public boolean forwards() {
    return this == WEB_SERVER || isServer();
  }

  /** The kinds a method's annotation declares (the server kinds annotate a class). */
  public static List<WebKind> methodKinds() {
    return METHOD_KINDS;
  }

  private static final List<WebKind> METHOD_KINDS =
      List.of(ASGI_APP, FASTAPI_ENDPOINT, WEB_ENDPOINT, WSGI_APP, WEB_SERVER);
}
