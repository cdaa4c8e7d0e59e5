package io.github.modalemulator.cli;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Reloaded;
import io.github.modalemulator.internal.isolation.SharedTypes;
import io.github.modalemulator.internal.serve.ClassPathWatcher;
import io.github.modalemulator.internal.serve.ServeLoop;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code serve}'s reload: when a build has changed the folders or jars of {@code --cp}, loads the
 * app classes again in a class loader of their own and hands them to {@link Emulator#reload}. The
 * jars (dependencies) are read by one parent loader for the whole run; the folders (the app's own
 * classes) by a new loader each time, so an old generation's classes go with it, as Spring Boot
 * DevTools splits them. Both see only the shared API above them ({@link SharedTypes}); a container
 * still reads the whole class path anew under the default isolation. A definition error is printed,
 * the previous generation keeps serving, and the next change reloads again.
 */
final class Reloader implements AutoCloseable {
  private final Emulator emulator;
  private final List<String> appClasses;
  private final List<Path> folders = new ArrayList<>();
  private final URLClassLoader jarLoader;
  private final ClassPathWatcher watcher;
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
    List<Path> jars = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        Path path = Path.of(entry).toAbsolutePath();
        (Files.isDirectory(path) ? folders : jars).add(path);
      }
    }
    this.jarLoader =
        new URLClassLoader(
            "app-libraries",
            jars.stream().map(ClassPathWatcher::url).toArray(URL[]::new),
            SharedTypes.ofThisEmulator());
    this.watcher = new ClassPathWatcher(folders, jars, this::reload, err::println);
  }

  String watchingLine() {
    return watcher.watchingLine();
  }

  void start() {
    watcher.start();
  }

  private void reload() {
    long began = System.nanoTime();
    URLClassLoader generation =
        new URLClassLoader(
            "apps", folders.stream().map(ClassPathWatcher::url).toArray(URL[]::new), jarLoader);
    String classPath =
        String.join(File.pathSeparator, folders.stream().map(Path::toString).toList());
    try {
      List<Class<?>> apps = new AppClasses(classPath, generation).load(appClasses);
      Reloaded reloaded = emulator.reload(apps.toArray(Class<?>[]::new));
      ServeLoop.reloadLines(reloaded, (System.nanoTime() - began) / 1_000_000)
          .forEach(out::println);
    } catch (InvalidError e) {
      err.println(e.getMessage());
      err.println(ServeLoop.STILL_SERVING);
    } catch (RuntimeException | LinkageError e) {
      err.println("The reload failed: " + EmulatorCli.rootMessage(e));
      err.println(ServeLoop.STILL_SERVING);
    }
  }

  @Override
  public void close() throws IOException {
    watcher.close();
  }
}
