package io.github.modalemulator.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
