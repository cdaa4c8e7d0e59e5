package io.github.modalemulator.internal.definition;

import io.github.modalemulator.AsgiApp;
import java.lang.annotation.Annotation;
import java.util.List;

/**
 * What a web annotation says, whatever its kind.
 *
 * @param label the user's label, or empty for the default one
 * @param customDomains as written
 */
public record WebSpec(
    WebKind kind, String label, List<String> customDomains, boolean requiresProxyAuth) {

  public WebSpec {
    customDomains = List.copyOf(customDomains);
  }

  static WebSpec of(WebKind kind, Annotation annotation) {
    return switch (kind) {
      case ASGI_APP -> {
        AsgiApp asgi = (AsgiApp) annotation;
        yield new WebSpec(
            kind, asgi.label(), List.of(asgi.customDomains()), asgi.requiresProxyAuth());
      }
    };
  }
}
