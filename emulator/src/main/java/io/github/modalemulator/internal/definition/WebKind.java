package io.github.modalemulator.internal.definition;

import io.github.modalemulator.AsgiApp;
import java.lang.annotation.Annotation;
import java.util.List;

/** The ways a function can be exposed over HTTP, each with its annotation and the cloud's name. */
public enum WebKind {
  ASGI_APP("asgi_app", AsgiApp.class);

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

  static List<WebKind> all() {
    return List.of(values());
  }
}
