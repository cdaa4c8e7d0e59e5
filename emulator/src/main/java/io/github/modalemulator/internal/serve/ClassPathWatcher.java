package io.github.modalemulator.internal.serve;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches folders (whole trees) and jars, and once a build has written its files (nothing more for
 * {@value #QUIET_MILLIS} ms) calls back once, on a thread of its own. Editors' temporary files
 * don't count, nor do events in the folders above a watched folder (watched only to see it deleted
 * and made again), nor does a change that leaves a folder without the classes it held: Maven's
 * compiler deletes them all before javac writes them again, which may take longer than the quiet
 * wait. A change that leaves some of the classes missing waits for {@value #SETTLE_MILLIS} ms of
 * quiet: javac, cold, can pause longer than the quiet wait between two files it writes. The JDK's
 * {@code WatchService}: native (inotify) on Linux, where this project runs and is tested, and on
 * Windows; on macOS it polls every few seconds.
 */
public final class ClassPathWatcher implements AutoCloseable {
  /**
   * How long the files must stay unchanged before the call: a build writes many, and Maven's
   * compiler may clear the folder before it writes it again.
   */
  public static final long QUIET_MILLIS = 250;

  /**
   * How long the files must stay unchanged when classes that the last reload had are missing: a
   * build that deleted them may not have written them all again yet.
   */
  public static final long SETTLE_MILLIS = 2_000;

  private static final WatchEvent.Kind<?>[] KINDS = {
    StandardWatchEventKinds.ENTRY_CREATE,
    StandardWatchEventKinds.ENTRY_MODIFY,
    StandardWatchEventKinds.ENTRY_DELETE
  };

  private final List<Path> folders;
  private final Set<Path> jars;
  private final WatchService watcher;
  private final Thread thread;
  private final Consumer<String> problems;
  private Set<Path> classFiles; // every class file in the folders at the last reload

  /**
   * @param onChange what to run after a change, on the watcher's thread
   * @param problems where to say what can't be watched
   */
  public ClassPathWatcher(
      List<Path> folders, List<Path> jars, Runnable onChange, Consumer<String> problems)
      throws IOException {
    this.folders = List.copyOf(folders);
    this.jars = new HashSet<>(jars);
    this.problems = problems;
    this.watcher = FileSystems.getDefault().newWatchService();
    for (Path folder : folders) {
      registerTree(folder);
      registerAncestors(folder);
    }
    for (Path jar : jars) {
      jar.getParent().register(watcher, KINDS);
    }
    this.classFiles = classFiles();
    this.thread = new Thread(() -> watch(onChange), "modal-reload");
    thread.setDaemon(true);
  }

  /**
   * The cloud's line, naming what is watched: the folders, and the jars by number (a class path's
   * jars would fill a screen).
   */
  public String watchingLine() {
    String named = String.join(", ", folders.stream().map(Path::toString).toList());
    if (jars.isEmpty()) {
      return "Watching " + named + ".";
    }
    String counted = jars.size() == 1 ? "1 jar" : jars.size() + " jars";
    return folders.isEmpty()
        ? "Watching " + counted + " of the class path."
        : "Watching " + named + " and " + counted + " of the class path.";
  }

  public void start() {
    thread.start();
  }

  /** A folder or jar as a class loader's URL. */
  public static java.net.URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (java.net.MalformedURLException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The folder's parent and grandparent, so that a folder deleted with its parent ({@code mvn clean
   * compile} removes {@code target/} and writes {@code target/classes} anew) is watched again when
   * it comes back.
   */
  private void registerAncestors(Path folder) throws IOException {
    Path parent = folder.toAbsolutePath().getParent();
    for (int level = 0; level < 2 && parent != null; level++, parent = parent.getParent()) {
      if (Files.isDirectory(parent)) {
        parent.register(watcher, KINDS);
      }
    }
  }

  /**
   * A folder created on the way to a watched folder: watch it, and what of the way exists now.
   *
   * @return whether a watched folder is back with classes in it already, unseen
   */
  private boolean registerTowards(Path created) throws IOException {
    boolean back = false;
    created.register(watcher, KINDS);
    for (Path folder : folders) {
      Path absolute = folder.toAbsolutePath();
      if (!absolute.startsWith(created) || absolute.equals(created)) {
        continue;
      }
      for (Path step = created; !step.equals(absolute); ) {
        step = step.resolve(absolute.getName(step.getNameCount()));
        if (!Files.isDirectory(step)) {
          break;
        }
        if (step.equals(absolute)) {
          registerTree(step);
          back |= holdsClasses(step); // written before it was watched; else its writes will tell
        } else {
          step.register(watcher, KINDS);
        }
      }
    }
    return back;
  }

  private void registerTree(Path root) throws IOException {
    try (Stream<Path> dirs = Files.walk(root)) {
      for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        dir.register(watcher, KINDS);
      }
    }
  }

  private void watch(Runnable onChange) {
    try {
      while (true) {
        if (!drain(watcher.take())) {
          continue; // the folders above, or an editor's files: nothing to reload for
        }
        Set<Path> now = quietFor(QUIET_MILLIS);
        if (!now.containsAll(classFiles)) {
          now = quietFor(SETTLE_MILLIS);
        }
        // A folder that held classes at the last reload and holds none now: a build that has
        // cleared it (or deleted it, mvn clean) and not yet written it again. Its writes are the
        // change to reload for; a reload now could only fail, finding no @App class.
        if (holding(now).containsAll(holding(classFiles))) {
          classFiles = now;
          onChange.run();
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException stopped) {
      // closed: the emulator is stopping
    }
  }

  /**
   * Waits until no relevant event has come for {@code millis}, taking every event meanwhile; events
   * that aren't relevant (the folders above, editors' files) don't extend the wait.
   *
   * @return the class files then
   */
  private Set<Path> quietFor(long millis) throws InterruptedException {
    long quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (long left; (left = quietUntil - System.nanoTime()) > 0; ) {
      WatchKey more = watcher.poll(left, TimeUnit.NANOSECONDS);
      if (more == null) {
        break;
      }
      if (drain(more)) {
        quietUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      }
    }
    return classFiles();
  }

  /** Every class file in the folders. */
  private Set<Path> classFiles() {
    Set<Path> all = new HashSet<>();
    for (Path folder : folders) {
      try (Stream<Path> files = Files.walk(folder)) {
        files.filter(f -> f.toString().endsWith(".class")).forEach(all::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        // gone, or going while we look: it holds none
      }
    }
    return all;
  }

  /** The folders with at least one of these class files in them. */
  private Set<Path> holding(Set<Path> classFiles) {
    Set<Path> holding = new HashSet<>();
    for (Path folder : folders) {
      if (classFiles.stream().anyMatch(file -> file.startsWith(folder))) {
        holding.add(folder);
      }
    }
    return holding;
  }

  private static boolean holdsClasses(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.anyMatch(f -> f.toString().endsWith(".class"));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // gone, or going while we look: it holds none
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
      boolean watched = jars.contains(changed) || folders.stream().anyMatch(changed::startsWith);
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
        try {
          if (watched) {
            registerTree(changed);
          } else if (folders.stream().anyMatch(f -> f.toAbsolutePath().startsWith(changed))) {
            relevant |= registerTowards(changed);
          }
        } catch (IOException e) {
          problems.accept("Can't watch " + changed + ": " + e.getMessage());
        }
      }
      String file = name.toString();
      boolean temporary =
          file.endsWith("~")
              || file.endsWith(".swp")
              || file.endsWith(".tmp")
              || file.startsWith(".#");
      relevant |= !temporary && (watched || isWatchedFolderNowGone(changed));
    }
    key.reset();
    return relevant;
  }

  /** A watched folder's ancestor, deleted: the folder went with it. */
  private boolean isWatchedFolderNowGone(Path changed) {
    return !Files.exists(changed)
        && folders.stream().anyMatch(f -> f.toAbsolutePath().startsWith(changed));
  }

  @Override
  public void close() throws IOException {
    watcher.close();
    thread.interrupt();
  }
}
