package io.github.modalemulator.internal.runtime.fastapi;

import io.github.modalemulator.internal.isolation.ContainerLoader;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * One container's Bean Validation: a validator factory of its own, started on the container's first
 * body check and closed as the container stops. A factory's caches hold every class it checked
 * (Hibernate Validator's metadata and resolved types): one factory shared by the containers kept
 * each stopped container's copy of the app's classes, and its class loader, for the emulator's
 * life. The provider is the one the app's class path has, loaded once for all containers (the app's
 * own loader finds it): the first factory's start loads its classes, a few hundred milliseconds
 * once per JVM; each container's own factory then starts in about ten.
 */
final class ContainerConstraints implements BodyConstraints {
  private final ClassLoader appLoader;
  // Written under the lock; null until the first check, NONE once closed.
  private volatile BodyConstraints found;

  ContainerConstraints(ClassLoader appLoader) {
    this.appLoader = appLoader;
  }

  @Override
  public void check(Object value, List<Object> loc, List<ValidationError> errors) {
    BodyConstraints checks = found;
    (checks != null ? checks : constraints()).check(value, loc, errors);
  }

  private synchronized BodyConstraints constraints() {
    if (found == null) { // after the stop it is NONE: a late check starts nothing that would stay
      found = BodyConstraints.detect(ContainerLoader.originOf(appLoader));
    }
    return found;
  }

  /** The container stopped: its provider, if it started one, ends. */
  synchronized void close() {
    if (found instanceof BeanValidationConstraints provider) {
      try {
        provider.close();
      } catch (RuntimeException failed) {
        // The container's stop goes on (its other parts, its @Exit methods).
        LoggerFactory.getLogger(ContainerConstraints.class)
            .warn("Closing a container's Bean Validation factory failed: {}", failed.toString());
      }
    }
    found = NONE;
  }
}
