package io.github.modalemulator.cli;

import io.github.modalemulator.App;
import io.github.modalemulator.internal.isolation.SharedTypes;
import java.io.File;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code @App} classes a command names or finds on its {@code --cp}, loaded from there by a
 * loader whose parent is {@link SharedTypes}: the app sees its own class path and the shared API,
 * not the jar's own libraries (its SLF4J binding, Jackson, picocli).
 */
final class AppClasses {
  private final String classPath; // null or empty: the jar's own class path
  private final ClassLoader loader;

  /**
   * @throws IllegalArgumentException when an entry of {@code classPath} does not exist
   */
  AppClasses(String classPath) {
    this(classPath, loaderOf(classPath));
  }

  /** Found on {@code classPath}, loaded by {@code loader} (a reload's new one). */
  AppClasses(String classPath, ClassLoader loader) {
    this.classPath = classPath;
    this.loader = loader;
  }

  /** The classes named, or every {@code @App} class on {@code --cp} when none is. */
  List<Class<?>> load(List<String> names) {
    List<String> chosen = names;
    if (chosen.isEmpty()) {
      if (classPath == null || classPath.isEmpty()) {
        throw new IllegalArgumentException("name the @App classes, or give --cp to find them");
      }
      chosen = new ArrayList<>();
      for (String candidate : AppClassFinder.find(classPath)) {
        if (load(candidate).isAnnotationPresent(App.class)) {
          chosen.add(candidate);
        }
      }
      if (chosen.isEmpty()) {
        throw new IllegalArgumentException("no @App class found on --cp " + classPath);
      }
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String name : chosen) {
      classes.add(load(name));
    }
    return classes;
  }

  Class<?> load(String name) {
    try {
      return Class.forName(name, false, loader);
    } catch (UnsupportedClassVersionError e) {
      throw NewerClassVersion.of(name, e);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "class '"
              + name
              + "' could not be loaded"
              + (classPath == null ? "" : " from --cp " + classPath)
              + ": "
              + e);
    }
  }

  private static ClassLoader loaderOf(String classPath) {
    if (classPath == null || classPath.isEmpty()) {
      return AppClasses.class.getClassLoader(); // the jar's own apps (warm-up)
    }
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      File file = new File(entry);
      if (!file.exists()) {
        throw new IllegalArgumentException("--cp entry '" + entry + "' does not exist");
      }
      try {
        urls.add(file.toURI().toURL());
      } catch (MalformedURLException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new URLClassLoader("apps", urls.toArray(URL[]::new), SharedTypes.ofThisEmulator());
  }
}
