package io.github.modalemulator.internal.runtime;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.HandlesTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes a {@link ServletContainerInitializer} is handed, found as a servlet container finds
 * them in a WAR's {@code WEB-INF/classes}: those of the app's own that extend or implement a type
 * of the initializer's {@link HandlesTypes}, or carry one that is an annotation. The app's own
 * classes are the {@code @App} class's package and its subpackages, in every class path entry of
 * the app's loader: not the libraries beside them, and not other apps of the same build.
 */
final class HandlesTypesScan {
  private final ClassLoader loader;
  private final String packagePrefix; // "com.shop." or "" for the unnamed package

  private HandlesTypesScan(ClassLoader loader, String packageName) {
    this.loader = loader;
    this.packagePrefix = packageName.isEmpty() ? "" : packageName + ".";
  }

  /**
   * The classes {@code initializer} handles among those of {@code appClass}'s package tree; null
   * when it declares no {@code @HandlesTypes} or none matches, as the Servlet specification has it.
   */
  static Set<Class<?>> of(ServletContainerInitializer initializer, Class<?> appClass) {
    HandlesTypes handles = initializer.getClass().getAnnotation(HandlesTypes.class);
    if (handles == null || handles.value().length == 0) {
      return null;
    }
    HandlesTypesScan scan =
        new HandlesTypesScan(appClass.getClassLoader(), appClass.getPackageName());
    Set<Class<?>> found = new LinkedHashSet<>();
    for (String name : scan.classNames()) {
      Class<?> candidate = scan.load(name);
      if (candidate != null && matches(candidate, handles.value())) {
        found.add(candidate);
      }
    }
    return found.isEmpty() ? null : found;
  }

  private static boolean matches(Class<?> candidate, Class<?>[] handled) {
    for (Class<?> type : handled) {
      if (type.isAnnotation()) {
        @SuppressWarnings("unchecked") // checked by isAnnotation
        Class<? extends Annotation> annotation = (Class<? extends Annotation>) type;
        if (candidate.isAnnotationPresent(annotation)) {
          return true;
        }
      } else if (type != candidate && type.isAssignableFrom(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** Loads without initialising, as a scan must: a class that doesn't link is none of the app's. */
  private Class<?> load(String name) {
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  private List<String> classNames() {
    String path = packagePrefix.replace('.', '/');
    List<String> names = new ArrayList<>();
    try {
      Enumeration<URL> roots = loader.getResources(path);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        switch (root.getProtocol()) {
          case "file" -> namesInDirectory(Path.of(root.toURI()), names);
          case "jar" -> namesInJar(root, path, names);
          default -> {
            // A class path entry neither a directory nor a jar is not scanned, as in a container.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("scanning the app's classes under " + path + " failed", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the app's class path has an unreadable entry", e);
    }
    return names;
  }

  private void namesInDirectory(Path directory, List<String> names) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files
          .filter(file -> file.getFileName().toString().endsWith(".class"))
          .forEach(file -> add(directory.relativize(file).toString().replace('\\', '/'), names));
    }
  }

  private void namesInJar(URL root, String path, List<String> names) throws IOException {
    JarURLConnection connection = (JarURLConnection) root.openConnection();
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        String entry = entries.nextElement().getName();
        if (entry.startsWith(path) && entry.endsWith(".class")) {
          add(entry.substring(path.length()), names);
        }
      }
    }
  }

  /** {@code relative}: a class file's path below the package's directory. */
  private void add(String relative, List<String> names) {
    String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
    if (!name.endsWith("module-info") && !name.endsWith("package-info")) {
      names.add(packagePrefix + name);
    }
  }
}
