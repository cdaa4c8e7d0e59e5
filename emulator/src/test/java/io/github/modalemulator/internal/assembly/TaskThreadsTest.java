package io.github.modalemulator.internal.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskThreadsTest {
  private TaskThreads pool;

  @AfterEach
  void stop() throws InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aBurstOfShortTasksStaysOnTheThreadsMeantToRunNotOneThreadEach() throws Exception {
    pool = new TaskThreads("burst", 64, 1);
    Set<String> names = ConcurrentHashMap.newKeySet();
    int tasks = 2_000;
    CountDownLatch done = new CountDownLatch(tasks);
    for (int i = 0; i < tasks; i++) {
      pool.execute(
          () -> {
            names.add(Thread.currentThread().getName());
            done.countDown();
          });
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    // A pool that wakes an idle thread per task, as XNIO's did, ends with 64 of them here; one
    // preempted past the long-task mark may add a thread, not dozens.
    assertThat(names).hasSizeLessThanOrEqualTo(8);
    assertThat(pool.threads()).isEqualTo(names.size());
  }

  @Test
  void aTaskThatWaitsDoesNotHoldUpTheNext() throws Exception {
    pool = new TaskThreads("waits", 4, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch secondRan = new CountDownLatch(1);
    pool.execute(() -> awaitQuietly(release));
    pool.execute(secondRan::countDown);
    try {
      assertThat(secondRan.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aTaskThatRunsLongLooksBlockedAndTheNextGetsAThreadOfItsOwn() throws Exception {
    pool = new TaskThreads("long", 4, 1);
    AtomicBoolean secondRan = new AtomicBoolean();
    CountDownLatch firstDone = new CountDownLatch(1);
    AtomicReference<Boolean> sawSecond = new AtomicReference<>();
    // Runnable all along, as a thread in a blocking socket read looks: only its time tells.
    pool.execute(
        () -> {
          long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (!secondRan.get() && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
          }
          sawSecond.set(secondRan.get());
          firstDone.countDown();
        });
    pool.execute(() -> secondRan.set(true));
    assertThat(firstDone.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(sawSecond.get()).isTrue();
  }

  @Test
  void noMoreThanMaxTasksRunAtOnce() throws Exception {
    pool = new TaskThreads("max", 2, 2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch twoStarted = new CountDownLatch(2);
    CountDownLatch thirdRan = new CountDownLatch(1);
    for (int i = 0; i < 2; i++) {
      pool.execute(
          () -> {
            twoStarted.countDown();
            awaitQuietly(release);
          });
    }
    pool.execute(thirdRan::countDown);
    assertThat(twoStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(thirdRan.await(200, TimeUnit.MILLISECONDS)).isFalse();
    release.countDown();
    assertThat(thirdRan.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.threads()).isEqualTo(2);
  }

  @Test
  void aFailingTaskLeavesItsThreadServingAndAnInterruptEndsWithItsTask() throws Exception {
    pool = new TaskThreads("failing", 1, 1);
    pool.execute(
        () -> {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("a task's own failure (expected in this test's log)");
        });
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    pool.execute(
        () -> {
          interrupted.set(Thread.currentThread().isInterrupted());
          ran.countDown();
        });
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted.get()).isFalse();
  }

  @Test
  void aNewThreadTakesNothingFromTheThreadThatHappenedToStartIt() throws Exception {
    pool = new TaskThreads("clean", 4, 1);
    InheritableThreadLocal<String> inherited = new InheritableThreadLocal<>();
    AtomicReference<ClassLoader> loader = new AtomicReference<>();
    AtomicReference<String> value = new AtomicReference<>("unset");
    CountDownLatch ran = new CountDownLatch(1);
    try (URLClassLoader userLoader = new URLClassLoader(new URL[0])) {
      Thread submitter =
          new Thread(
              () -> {
                inherited.set("user value");
                pool.execute(
                    () -> {
                      loader.set(Thread.currentThread().getContextClassLoader());
                      value.set(inherited.get());
                      ran.countDown();
                    });
              });
      submitter.setContextClassLoader(userLoader);
      submitter.start();
      submitter.join();
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(loader.get()).isSameAs(TaskThreads.class.getClassLoader());
    assertThat(value.get()).isNull();
  }

  @Test
  void shutdownNowInterruptsTheRunningReturnsTheWaitingAndRefusesMore() throws Exception {
    pool = new TaskThreads("stop", 1, 1);
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    pool.execute(
        () -> {
          started.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            sawInterrupt.set(true);
          }
        });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Runnable waiting = () -> {};
    pool.execute(waiting);

    List<Runnable> dropped = pool.shutdownNow();

    assertThat(dropped).containsExactly(waiting);
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(sawInterrupt).isTrue();
    assertThat(pool.isTerminated()).isTrue();
    assertThat(pool.threads()).isZero();
    assertThatThrownBy(() -> pool.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessage("stop threads are stopped");
  }

  @Test
  void shutdownLetsTheQueuedTasksRunThenEnds() throws Exception {
    pool = new TaskThreads("drain", 1, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch queuedRan = new CountDownLatch(1);
    pool.execute(() -> awaitQuietly(release));
    pool.execute(queuedRan::countDown);

    pool.shutdown();
    assertThat(pool.awaitTermination(100, TimeUnit.MILLISECONDS)).isFalse();
    release.countDown();

    assertThat(queuedRan.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aThreadThatCannotStartLeavesItsTaskForTheNextThread() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    pool =
        new TaskThreads(
            "no-thread",
            4,
            1,
            task ->
                new Thread(task) {
                  @Override
                  public synchronized void start() {
                    if (starts.incrementAndGet() == 1) {
                      throw new OutOfMemoryError("unable to create native thread (this test's)");
                    }
                    super.start();
                  }
                });
    CountDownLatch ran = new CountDownLatch(1);

    pool.execute(ran::countDown);

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(starts).hasValue(2);
    assertThat(pool.threads()).isEqualTo(1);
  }

  @Test
  void refusesCountsBelowOne() {
    assertThatThrownBy(() -> new TaskThreads("bad", 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TaskThreads needs max and running of at least 1, not 0 and 1");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
