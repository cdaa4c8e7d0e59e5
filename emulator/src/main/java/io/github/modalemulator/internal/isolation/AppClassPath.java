package io.github.modalemulator.internal.isolation;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class path an app's classes were loaded from, found from their loader, so that each container
 * can read it anew ({@link #newLoader}). Loaders that the emulator's modes make ({@code --cp}, a
 * reload's folders, the plugin's project) give their URLs up to the {@link SharedTypes} view; the
 * JVM's own class path (a test run, an IDE {@code main}) is {@code java.class.path} without the
 * emulator's own classes. The jars are not read again per container: the JDK keeps one parsed
 * central directory per open jar file, shared by every loader that opens it while the app's own
 * loader holds it open.
 */
public final class AppClassPath {
  private final URL[] urls;
  private final ClassLoader origin;

  private AppClassPath(URL[] urls, ClassLoader origin) {
    this.urls = urls;
    this.origin = origin;
  }

  /**
   * The class path {@code type} was loaded from, or null when its loader is none the emulator can
   * read anew (a framework's own loader, a class of the emulator's jar): its containers then share
   * its classes.
   */
  public static AppClassPath of(Class<?> type) {
    ClassLoader origin = type.getClassLoader();
    ClassLoader emulator = AppClassPath.class.getClassLoader();
    Set<URL> urls = new LinkedHashSet<>();
    for (ClassLoader loader = origin; loader != null; loader = loader.getParent()) {
      if (loader instanceof SharedTypes) {
        break;
      }
      if (isSelfOrAncestor(loader, emulator)) {
        if (loader == ClassLoader.getSystemClassLoader()) {
          urls.addAll(jvmClassPath());
        }
        break;
      }
      if (!(loader instanceof URLClassLoader withUrls)) {
        return null;
      }
      urls.addAll(List.of(withUrls.getURLs()));
    }
    Path home = location(type);
    if (home == null || urls.stream().map(AppClassPath::path).noneMatch(home::equals)) {
      return null;
    }
    return new AppClassPath(urls.toArray(URL[]::new), origin);
  }

  /** True for a class of the emulator's own jar or folder (the warm-up's app): shared, quietly. */
  public static boolean ofTheEmulator(Class<?> type) {
    Path home = location(type);
    return home != null && home.equals(location(AppClassPath.class));
  }

  /** A loader of its own for one container, named after it. */
  public ContainerLoader newLoader(String name) {
    return new ContainerLoader(name, urls, origin);
  }

  /** Its entries, jars and folders, in order. */
  public List<Path> entries() {
    List<Path> entries = new ArrayList<>(urls.length);
    for (URL url : urls) {
      Path path = path(url);
      if (path != null) {
        entries.add(path);
      }
    }
    return entries;
  }

  /** How many entries it has: jars and folders. */
  public int size() {
    return urls.length;
  }

  private static boolean isSelfOrAncestor(ClassLoader candidate, ClassLoader of) {
    for (ClassLoader loader = of; loader != null; loader = loader.getParent()) {
      if (loader == candidate) {
        return true;
      }
    }
    return false;
  }

  /** {@code java.class.path}, without the folder or jar of the emulator's own classes. */
  private static List<URL> jvmClassPath() {
    Path emulator = location(AppClassPath.class);
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Path.of(entry).toAbsolutePath().normalize();
      if (path.equals(emulator)) {
        continue;
      }
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        // not a file path: nothing a container could read
      }
    }
    return urls;
  }

  private static Path location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? null : path(source.getLocation());
  }

  private static Path path(URL url) {
    try {
      return Path.of(url.toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException notAFile) {
      return null;
    }
  }
}
