package io.github.modalemulator.cli;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Reloaded;
import io.github.modalemulator.emulator.WebFunction;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code serve}'s reload: watches every folder and jar of {@code --cp}, and once a build has
 * written its files (nothing more for {@value #QUIET_MILLIS} ms), loads the app classes again in a
 * class loader of their own and hands them to {@link Emulator#reload}. The jars (dependencies) are
 * read by one parent loader for the whole run; the folders (the app's own classes) by a new loader
 * each time, so an old generation's classes go with it. A definition error is printed, the previous
 * generation keeps serving, and the next change reloads again.
 *
 * <p>The JDK's {@code WatchService}: native (inotify) on Linux, where this project runs and is
 * tested, and on Windows; it polls every few seconds on macOS.
 */
final class Reloader implements AutoCloseable {
  /** How long the files must stay unchanged before a reload: a build writes many. */
  static final long QUIET_MILLIS = 100;

  private final Emulator emulator;
  private final List<String> appClasses;
  private final List<Path> folders = new ArrayList<>();
  private final Set<Path> jars = new HashSet<>();
  private final URLClassLoader jarLoader;
  private final WatchService watcher;
  private final Thread thread;
  private final PrintStream out;
  private final PrintStream err;

  Reloader(
      Emulator emulator,
      String classPath,
      List<String> appClasses,
      PrintStream out,
      PrintStream err)
      throws IOException {
    this.emulator = emulator;
    this.appClasses = List.copyOf(appClasses);
    this.out = out;
    this.err = err;
    List<URL> jarUrls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path path = Path.of(entry).toAbsolutePath();
      if (Files.isDirectory(path)) {
        folders.add(path);
      } else {
        jars.add(path);
        jarUrls.add(url(path));
      }
    }
    this.jarLoader =
        new URLClassLoader(
            "app-libraries", jarUrls.toArray(URL[]::new), Reloader.class.getClassLoader());
    this.watcher = FileSystems.getDefault().newWatchService();
    for (Path folder : folders) {
      registerTree(folder);
    }
    for (Path jar : jars) {
      jar.getParent()
          .register(
              watcher,
              StandardWatchEventKinds.ENTRY_CREATE,
              StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE);
    }
    this.thread = new Thread(this::watch, "modal-reload");
    thread.setDaemon(true);
  }

  /** The cloud's line, naming what is watched. */
  String watchingLine() {
    List<String> paths = new ArrayList<>();
    folders.forEach(f -> paths.add(f.toString()));
    jars.forEach(j -> paths.add(j.toString()));
    return "Watching " + String.join(", ", paths) + ".";
  }

  void start() {
    thread.start();
  }

  private void registerTree(Path root) throws IOException {
    try (Stream<Path> dirs = Files.walk(root)) {
      for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        dir.register(
            watcher,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    }
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        boolean relevant = drain(key);
        // Debounce: wait until the build is quiet, taking every event meanwhile.
        for (WatchKey more; (more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null; ) {
          relevant |= drain(more);
        }
        if (relevant) {
          reload();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      // closed: the emulator is stopping
    }
  }

  /** Whether the key's events name class path content (not an editor's temporary files). */
  private boolean drain(WatchKey key) {
    boolean relevant = false;
    Path dir = (Path) key.watchable();
    for (WatchEvent<?> event : key.pollEvents()) {
      if (!(event.context() instanceof Path name)) {
        relevant = true; // OVERFLOW: something changed
        continue;
      }
      Path changed = dir.resolve(name);
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
        try {
          registerTree(changed);
        } catch (IOException e) {
          err.println("Can't watch " + changed + ": " + e.getMessage());
        }
      }
      String file = name.toString();
      boolean temporary =
          file.endsWith("~")
              || file.endsWith(".swp")
              || file.endsWith(".tmp")
              || file.startsWith(".#");
      boolean watchedJar = jars.contains(changed);
      boolean inFolder = folders.stream().anyMatch(changed::startsWith);
      relevant |= !temporary && (watchedJar || inFolder);
    }
    key.reset();
    return relevant;
  }

  private void reload() {
    long began = System.nanoTime();
    URLClassLoader generation =
        new URLClassLoader(
            "apps", folders.stream().map(Reloader::url).toArray(URL[]::new), jarLoader);
    String classPath =
        String.join(File.pathSeparator, folders.stream().map(Path::toString).toList());
    try {
      List<Class<?>> apps = new AppClasses(classPath, generation).load(appClasses);
      Reloaded reloaded = emulator.reload(apps.toArray(Class<?>[]::new));
      for (WebFunction function : reloaded.added()) {
        out.println("Created web function " + function.name() + " => " + function.url());
      }
      for (WebFunction function : reloaded.changed()) {
        out.println("Created web function " + function.name() + " => " + function.url());
      }
      for (WebFunction function : reloaded.removed()) {
        out.println("Removed web function " + function.name() + " (was " + function.url() + ")");
      }
      out.println(
          "Reloaded: generation "
              + reloaded.generation()
              + " serves, in "
              + (System.nanoTime() - began) / 1_000_000
              + " ms"
              + (reloaded.drained()
                  ? "."
                  : "; some requests of the old code were cut at the stop timeout."));
    } catch (InvalidError e) {
      err.println(e.getMessage());
      err.println("Still serving the previous code; the next change reloads again.");
    } catch (RuntimeException | LinkageError e) {
      err.println("The reload failed: " + EmulatorCli.rootMessage(e));
      err.println("Still serving the previous code; the next change reloads again.");
    }
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    watcher.close();
    thread.interrupt();
  }
}
