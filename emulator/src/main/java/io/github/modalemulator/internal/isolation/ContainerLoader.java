package io.github.modalemulator.internal.isolation;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one container: the app's class path read anew, over {@link SharedTypes}, so
 * the container has its own copy of every class of the app and of its libraries (their static state
 * with it), as a container of the cloud is a process of its own. Closed when its container stops.
 */
public final class ContainerLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final ClassLoader origin;

  ContainerLoader(String name, URL[] classPath, ClassLoader origin) {
    super(name, classPath, SharedTypes.ofThisEmulator());
    this.origin = origin;
  }

  /**
   * The loader whose classes the definitions were read from: what a container's loader mirrors, and
   * the loader itself for any other. What is made once for all containers of an app (a Bean
   * Validation provider's bootstrap) is keyed by it.
   */
  public static ClassLoader originOf(ClassLoader loader) {
    return loader instanceof ContainerLoader container ? container.origin : loader;
  }
}
