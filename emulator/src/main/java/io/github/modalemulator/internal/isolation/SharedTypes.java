package io.github.modalemulator.internal.isolation;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * What user code may see of the emulator's own class loader: the parent of every loader that runs
 * an app's classes, whatever the mode (JUnit, {@code serve}, {@code deploy}, {@code container}, the
 * Maven plugin, an IDE {@code main}). The JDK comes from the platform loader; of the emulator's
 * loader only these packages pass, each because user code and the emulator must agree on the very
 * same classes:
 *
 * <ul>
 *   <li>{@code io.github.modalemulator} and {@code io.github.modalemulator.emulator}: the public
 *       API (annotations, {@code Request}, {@code Response}, the typed verbs); never {@code
 *       internal} or {@code cli}.
 *   <li>{@code io.undertow} and {@code org.xnio}: an {@code @AsgiApp} returns Undertow's {@code
 *       HttpHandler}, and the emulator calls it with its own exchange.
 *   <li>{@code jakarta.servlet}: a {@code @WsgiApp} returns a {@code Servlet} that the emulator's
 *       servlet container deploys.
 *   <li>{@code jakarta.validation}: the FastAPI binder reads the constraints on a body's record and
 *       checks them with the user's provider; the annotations must be the API's one copy for the
 *       binder and the provider to see them.
 *   <li>{@code com.fasterxml.jackson.annotation}: the binder's Jackson reads and writes the user's
 *       records, and reads their {@code @JsonProperty} and friends only if they are its own
 *       annotation types. The annotations are stable across Jackson 2 and 3 releases; databind,
 *       core and modules (the part that changes) stay the user's own.
 * </ul>
 *
 * Everything else of the emulator (its Jackson databind, SLF4J and its binding, picocli, ByteBuddy,
 * Maven's loader under the plugin) stays out of sight, so the user's own versions and logging
 * binding win; resources are filtered the same way, so no service file of the emulator's ({@code
 * META-INF/services/org.slf4j.spi.SLF4JServiceProvider}) is found through it.
 */
public final class SharedTypes extends ClassLoader {
  /** Package prefixes that pass, each ending with a dot: every subpackage passes too. */
  static final List<String> SHARED_TREES =
      List.of(
          "io.undertow.",
          "org.xnio.",
          "jakarta.servlet.",
          "jakarta.validation.",
          "com.fasterxml.jackson.annotation.");

  /** Packages that pass without their subpackages. */
  static final List<String> SHARED_PACKAGES =
      List.of("io.github.modalemulator", "io.github.modalemulator.emulator");

  static {
    registerAsParallelCapable();
  }

  private static final SharedTypes OF_THIS_EMULATOR =
      new SharedTypes(SharedTypes.class.getClassLoader());

  private final ClassLoader emulator;

  private SharedTypes(ClassLoader emulator) {
    super("modal-emulator-shared-types", ClassLoader.getPlatformClassLoader());
    this.emulator = emulator;
  }

  /** The view of the loader that loaded the emulator; one for all apps, as it holds no class. */
  public static SharedTypes ofThisEmulator() {
    return OF_THIS_EMULATOR;
  }

  /** True when user code sees the emulator's class of this name rather than one of its own. */
  public static boolean shared(String className) {
    int dot = className.lastIndexOf('.');
    return dot > 0 && sharedPackage(className.substring(0, dot));
  }

  private static boolean sharedPackage(String packageName) {
    if (SHARED_PACKAGES.contains(packageName)) {
      return true;
    }
    String prefix = packageName + ".";
    for (String tree : SHARED_TREES) {
      if (prefix.startsWith(tree)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (shared(name)) {
      return emulator.loadClass(name);
    }
    throw new ClassNotFoundException(name);
  }

  @Override
  protected URL findResource(String name) {
    return sharedResource(name) ? emulator.getResource(name) : null;
  }

  @Override
  protected Enumeration<URL> findResources(String name) throws IOException {
    return sharedResource(name) ? emulator.getResources(name) : Collections.emptyEnumeration();
  }

  /** A resource inside a shared package ({@code io/undertow/...}); never a service file. */
  private static boolean sharedResource(String name) {
    int slash = name.lastIndexOf('/');
    return slash > 0
        && !name.startsWith("META-INF/")
        && sharedPackage(name.substring(0, slash).replace('/', '.'));
  }
}
