package io.github.modalemulator.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Its tests wait on quiet periods, each in a folder of its own: they run at once. */
@Execution(ExecutionMode.CONCURRENT)
class ClassPathWatcherTest {
  @TempDir Path classes;

  private final Semaphore changes = new Semaphore(0);
  private final List<String> problems = new ArrayList<>();

  private ClassPathWatcher watcher() throws Exception {
    ClassPathWatcher watcher =
        new ClassPathWatcher(List.of(classes), List.of(), changes::release, problems::add);
    watcher.start();
    return watcher;
  }

  @Test
  void aBuildThatWritesClassesIsOneChangeOnceItIsQuiet() throws Exception {
    Files.createDirectories(classes.resolve("sample"));
    ClassPathWatcher watcher = watcher();
    try {
      for (int i = 0; i < 20; i++) {
        Files.write(classes.resolve("sample/C" + i + ".class"), new byte[] {(byte) i});
      }
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(changes.tryAcquire(3 * ClassPathWatcher.QUIET_MILLIS, TimeUnit.MILLISECONDS))
          .isFalse();
    } finally {
      watcher.close();
    }
    assertThat(problems).isEmpty();
  }

  /**
   * Maven's compiler deletes every class file before javac, started in its JVM, writes them again,
   * often more than the quiet wait later: the emptied folder is no change to reload (it would find
   * no {@code @App} class and say the reload failed), its writes are.
   */
  @Test
  void aFolderEmptiedByABuildIsNoChangeUntilTheBuildWritesItAgain() throws Exception {
    Path app = Files.createDirectories(classes.resolve("sample")).resolve("App.class");
    Files.write(app, new byte[] {1});
    ClassPathWatcher watcher = watcher();
    try {
      Files.delete(app);
      assertThat(changes.tryAcquire(4 * ClassPathWatcher.QUIET_MILLIS, TimeUnit.MILLISECONDS))
          .as("a change while the folder is empty")
          .isFalse();

      Files.write(app, new byte[] {2});
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(changes.tryAcquire(3 * ClassPathWatcher.QUIET_MILLIS, TimeUnit.MILLISECONDS))
          .isFalse();
    } finally {
      watcher.close();
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void whileAFolderHoldsNoneOfItsClassesOtherChangesWaitForThem() throws Exception {
    Path app = Files.createDirectories(classes.resolve("sample")).resolve("App.class");
    Files.write(app, new byte[] {1});
    ClassPathWatcher watcher = watcher();
    try {
      Files.delete(app);
      Files.createDirectories(classes.resolve("sample/other")); // the build makes its folders
      Files.writeString(classes.resolve("sample/app.properties"), "resources come first");
      assertThat(changes.tryAcquire(4 * ClassPathWatcher.QUIET_MILLIS, TimeUnit.MILLISECONDS))
          .as("a change while the folder holds no classes")
          .isFalse();

      Files.write(app, new byte[] {2});
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      watcher.close();
    }
    assertThat(problems).isEmpty();
  }

  /** {@code mvn clean compile}: the folder goes with its parent, then both come back. */
  @Test
  void aFolderDeletedWithItsParentIsWatchedAgainWhenItComesBack(@TempDir Path project)
      throws Exception {
    Path target = project.resolve("target");
    Path folder = Files.createDirectories(target.resolve("classes/sample"));
    Files.write(folder.resolve("App.class"), new byte[] {1});
    ClassPathWatcher watcher =
        new ClassPathWatcher(
            List.of(target.resolve("classes")), List.of(), changes::release, problems::add);
    watcher.start();
    try {
      try (var all = Files.walk(target)) {
        for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
      assertThat(changes.tryAcquire(4 * ClassPathWatcher.QUIET_MILLIS, TimeUnit.MILLISECONDS))
          .as("a change while the folder is gone")
          .isFalse();

      Files.createDirectories(folder);
      Files.write(folder.resolve("App.class"), new byte[] {2});
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("the rebuilt classes").isTrue();

      Files.write(folder.resolve("App.class"), new byte[] {3});
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("a change after that").isTrue();
    } finally {
      watcher.close();
    }
    assertThat(problems).isEmpty();
  }

  /**
   * A log written at 50 Hz in the folder above the classes (watched only to see the classes deleted
   * and made again) must not hold the reload back: the quiet wait counts the classes' events only.
   */
  @Test
  void writesBesideTheFolderDontDelayTheReload(@TempDir Path project) throws Exception {
    Path folder = Files.createDirectories(project.resolve("target/classes/sample"));
    Files.write(folder.resolve("App.class"), new byte[] {1});
    ClassPathWatcher watcher =
        new ClassPathWatcher(
            List.of(project.resolve("target/classes")), List.of(), changes::release, problems::add);
    watcher.start();
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              Path log = project.resolve("target/server.log");
              for (int line = 0; writing.get() && line < 3_000; line++) {
                try {
                  Files.writeString(
                      log,
                      "line " + line + "\n",
                      StandardOpenOption.CREATE,
                      StandardOpenOption.APPEND);
                  Thread.sleep(20);
                } catch (Exception e) {
                  return;
                }
              }
            });
    writer.start();
    try {
      Thread.sleep(200); // the writer is going
      long began = System.nanoTime();
      Files.write(folder.resolve("App.class"), new byte[] {2});
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(1));
    } finally {
      writing.set(false);
      writer.join();
      watcher.close();
    }
    assertThat(problems).isEmpty();
  }

  /**
   * javac, cold, may pause longer than the quiet wait between two classes it writes after Maven
   * deleted them all: no reload goes live with some of the last reload's classes still missing
   * until they have had time to come.
   */
  @Test
  void aBuildThatPausesBetweenClassesIsReloadedOnceItHasWrittenThemAll() throws Exception {
    Path sample = Files.createDirectories(classes.resolve("sample"));
    Path first = sample.resolve("A.class");
    Path second = sample.resolve("B.class");
    Files.write(first, new byte[] {1});
    Files.write(second, new byte[] {1});
    List<Boolean> secondThereAtReload = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClassPathWatcher watcher =
        new ClassPathWatcher(
            List.of(classes),
            List.of(),
            () -> {
              secondThereAtReload.add(Files.exists(second));
              changes.release();
            },
            problems::add);
    watcher.start();
    try {
      Files.delete(first);
      Files.delete(second);
      Files.write(first, new byte[] {2});
      Thread.sleep(3 * ClassPathWatcher.QUIET_MILLIS); // javac works on the next class
      Files.write(second, new byte[] {2});
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
      assertThat(secondThereAtReload).containsExactly(true);
    } finally {
      watcher.close();
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theWatchingLineNamesFoldersAndCountsJars(@TempDir Path project) throws Exception {
    Path lib = Files.createDirectories(project.resolve("lib"));
    List<Path> jars = List.of(lib.resolve("a.jar"), lib.resolve("b.jar"));
    for (Path jar : jars) {
      Files.write(jar, new byte[] {0});
    }
    try (ClassPathWatcher watcher =
        new ClassPathWatcher(List.of(classes), jars, () -> {}, problems::add)) {
      assertThat(watcher.watchingLine())
          .isEqualTo("Watching " + classes + " and 2 jars of the class path.");
    }
  }
}
