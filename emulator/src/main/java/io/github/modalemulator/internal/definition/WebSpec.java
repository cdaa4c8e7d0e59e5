package io.github.modalemulator.internal.definition;

import io.github.modalemulator.AsgiApp;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.WebEndpoint;
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
 */
public record WebSpec(
    WebKind kind,
    String label,
    List<String> customDomains,
    boolean requiresProxyAuth,
    String method,
    boolean docs) {

  public WebSpec {
    customDomains = List.copyOf(customDomains);
  }

  @SuppressWarnings("removal") // WebEndpoint is deprecated for removal, and still served
  static WebSpec of(WebKind kind, Annotation annotation) {
    return switch (kind) {
      case ASGI_APP -> {
        AsgiApp asgi = (AsgiApp) annotation;
        yield new WebSpec(
            kind, asgi.label(), List.of(asgi.customDomains()), asgi.requiresProxyAuth(), "", false);
      }
      case FASTAPI_ENDPOINT -> {
        FastapiEndpoint e = (FastapiEndpoint) annotation;
        yield new WebSpec(
            kind,
            e.label(),
            List.of(e.customDomains()),
            e.requiresProxyAuth(),
            e.method().toUpperCase(Locale.ROOT),
            e.docs());
      }
      case WEB_ENDPOINT -> {
        WebEndpoint e = (WebEndpoint) annotation;
        yield new WebSpec(
            kind,
            e.label(),
            List.of(e.customDomains()),
            e.requiresProxyAuth(),
            e.method().toUpperCase(Locale.ROOT),
            e.docs());
      }
    };
  }
}
