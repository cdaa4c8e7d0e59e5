package io.github.modalemulator.internal.definition;

import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.WebEndpoint;
import io.github.modalemulator.WebServer;
import io.github.modalemulator.WsgiApp;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Locale;

/**
 * What a web annotation says, whatever its kind.
 *
 * @param label the user's label, or empty for the default one
 * @param customDomains as written
 * @param method the route's HTTP method, upper case (FastAPI kinds; empty for the others)
 * @param docs whether the docs pages are served (FastAPI kinds)
 * @param port the user server's port (web_server; 0 for the others)
 * @param startupTimeout seconds to wait for that port (web_server)
 */
public record WebSpec(
    WebKind kind,
    String label,
    List<String> customDomains,
    boolean requiresProxyAuth,
    String method,
    boolean docs,
    int port,
    double startupTimeout) {

  public WebSpec {
    customDomains = List.copyOf(customDomains);
  }

  @SuppressWarnings("removal") // WebEndpoint is deprecated for removal, and still served
  static WebSpec of(WebKind kind, Annotation annotation) {
    return switch (kind) {
      case ASGI_APP -> {
        AsgiApp asgi = (AsgiApp) annotation;
        yield new WebSpec(
            kind,
            asgi.label(),
            List.of(asgi.customDomains()),
            asgi.requiresProxyAuth(),
            "",
            false,
            0,
            0);
      }
      case FASTAPI_ENDPOINT -> {
        FastapiEndpoint e = (FastapiEndpoint) annotation;
        yield new WebSpec(
            kind,
            e.label(),
            List.of(e.customDomains()),
            e.requiresProxyAuth(),
            e.method().toUpperCase(Locale.ROOT),
            e.docs(),
            0,
            0);
      }
      case WEB_ENDPOINT -> {
        WebEndpoint e = (WebEndpoint) annotation;
        yield new WebSpec(
            kind,
            e.label(),
            List.of(e.customDomains()),
            e.requiresProxyAuth(),
            e.method().toUpperCase(Locale.ROOT),
            e.docs(),
            0,
            0);
      }
      case WSGI_APP -> {
        WsgiApp wsgi = (WsgiApp) annotation;
        yield new WebSpec(
            kind,
            wsgi.label(),
            List.of(wsgi.customDomains()),
            wsgi.requiresProxyAuth(),
            "",
            false,
            0,
            0);
      }
      case WEB_SERVER -> {
        WebServer server = (WebServer) annotation;
        yield new WebSpec(
            kind,
            server.label(),
            List.of(server.customDomains()),
            server.requiresProxyAuth(),
            "",
            false,
            server.value(),
            server.startupTimeout());
      }
    };
  }
}
