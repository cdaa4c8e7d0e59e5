package io.github.modalemulator.cli;

import io.github.modalemulator.internal.isolation.SharedTypes;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * The loader of an app's class path as the emulator's commands make it, for the tools that load an
 * app themselves (the Maven plugin): above the class path, user code sees only the JDK, the public
 * API and the types its endpoint kind exchanges, never the emulator's own libraries nor the tool's
 * (Maven's SLF4J binding and loader).
 */
public final class AppClassLoader {
  private AppClassLoader() {}

  /** A loader of {@code classPath}, named {@code name}, over the emulator's shared API. */
  public static URLClassLoader of(String name, URL[] classPath) {
    return new URLClassLoader(name, classPath.clone(), SharedTypes.ofThisEmulator());
  }
}
