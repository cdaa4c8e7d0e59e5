package io.github.modalemulator.internal.serve;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.Reloaded;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code Emulator.serve}'s reload, for a {@code main} run from an IDE: the app classes came from
 * the IDE's output folders, so those folders are watched, and when the IDE recompiles, the classes
 * are loaded again from them by a loader that reads those folders first (their classes anew, every
 * other class from the IDE's class path) and swapped in.
 */
public final class IdeReload implements AutoCloseable {
  private final List<String> names;
  private final URL[] folders;
  private final ClassLoader parent;
  private final Function<List<Class<?>>, Reloaded> reload;
  private final ClassPathWatcher watcher;
  private final PrintStream out;
  private final PrintStream err;

  private IdeReload(
      List<Class<?>> apps,
      List<Path> folders,
      Function<List<Class<?>>, Reloaded> reload,
      PrintStream out,
      PrintStream err)
      throws IOException {
    this.names = apps.stream().map(Class::getName).toList();
    this.folders = folders.stream().map(ClassPathWatcher::url).toArray(URL[]::new);
    this.parent = apps.get(0).getClassLoader();
    this.reload = reload;
    this.out = out;
    this.err = err;
    this.watcher = new ClassPathWatcher(folders, List.of(), this::reload, err::println);
  }

  /** A watcher of the folders the apps came from; null when none came from a folder (a jar). */
  public static IdeReload of(
      List<Class<?>> apps,
      Function<List<Class<?>>, Reloaded> reload,
      PrintStream out,
      PrintStream err)
      throws IOException {
    Set<Path> folders = new LinkedHashSet<>();
    for (Class<?> app : apps) {
      CodeSource source = app.getProtectionDomain().getCodeSource();
      if (source == null) {
        continue;
      }
      try {
        Path location = Path.of(source.getLocation().toURI());
        if (Files.isDirectory(location)) {
          folders.add(location);
        }
      } catch (URISyntaxException | IllegalArgumentException notAFile) {
        // not a file on this machine: nothing to watch
      }
    }
    return folders.isEmpty()
        ? null
        : new IdeReload(apps, new ArrayList<>(folders), reload, out, err);
  }

  public String watchingLine() {
    return watcher.watchingLine();
  }

  public void start() {
    watcher.start();
  }

  private void reload() {
    long began = System.nanoTime();
    FoldersFirst loader = new FoldersFirst(folders, parent);
    try {
      List<Class<?>> apps = new ArrayList<>();
      for (String name : names) {
        apps.add(Class.forName(name, false, loader));
      }
      ServeLoop.reloadLines(reload.apply(apps), (System.nanoTime() - began) / 1_000_000)
          .forEach(out::println);
    } catch (InvalidError e) {
      err.println(e.getMessage());
      err.println(ServeLoop.STILL_SERVING);
    } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
      err.println("The reload failed: " + e);
      err.println(ServeLoop.STILL_SERVING);
    }
  }

  /** Reads the folders' classes itself, anew; asks its parent for every other class. */
  private static final class FoldersFirst extends URLClassLoader {
    FoldersFirst(URL[] folders, ClassLoader parent) {
      super("apps-reloaded", folders, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null && findResource(name.replace('.', '/') + ".class") != null) {
          loaded = findClass(name);
        }
        if (loaded == null) {
          return super.loadClass(name, resolve);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }

  @Override
  public void close() throws IOException {
    watcher.close();
  }
}
