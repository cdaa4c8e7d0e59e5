package io.github.modalemulator.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.testing.Fixtures.EchoApp;
import io.github.modalemulator.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.xnio.XnioIoThread;

/**
 * I/O threads that an error ended: XNIO's loop catches what handlers throw, but not an error in its
 * own code (an OutOfMemoryError while it selects or logs), which ends the thread. Here {@link
 * Thread#stop()} throws that error into the threads as they wait in their selectors. The stop still
 * ends within its bound.
 */
class EndedIoThreadTest {
  private static List<XnioIoThread> ioThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t instanceof XnioIoThread && t.getName().startsWith("modal-emulator I/O-"))
        .map(XnioIoThread.class::cast)
        .toList();
  }

  /**
   * Throws the error into the thread as it waits in its selector, again until it ends: delivered
   * while the thread runs a task instead, XNIO's loop catches it, as it catches what handlers
   * throw, and the thread goes on.
   */
  @SuppressWarnings({"removal", "deprecation"})
  private static void end(XnioIoThread thread) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (thread.isAlive() && System.nanoTime() < end) {
      thread.stop();
      try {
        thread.execute(() -> {}); // wakes its selector: the error is thrown as select() returns
      } catch (java.util.concurrent.RejectedExecutionException ended) {
        // gone already
      }
      thread.join(200);
    }
  }

  /** The threads named by the report lines so far, sorted. */
  private static List<String> reported(Pattern report, ByteArrayOutputStream log) {
    List<String> names = new ArrayList<>();
    Matcher matcher = report.matcher(log.toString(StandardCharsets.UTF_8));
    while (matcher.find()) {
      names.addAll(List.of(matcher.group(1).split(", ")));
    }
    return names.stream().sorted().toList();
  }

  @Test
  @SuppressWarnings({
    "removal",
    "deprecation"
  }) // Thread.stop: the one way to end a thread from outside
  void endedIoThreadsAreReportedAndTheStopStaysBounded() throws Exception {
    List<XnioIoThread> others = ioThreads(); // another emulator's, if one still runs
    Emulator emulator =
        Emulator.builder().apps(EchoApp.class).stopTimeout(Duration.ofSeconds(2)).start();
    int port = emulator.port();
    assertThat(RawHttp.get(port, "local--echo-app-echo.localhost", "/").status()).isEqualTo(200);
    List<XnioIoThread> threads = new ArrayList<>(ioThreads());
    threads.removeAll(others);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple's target
    for (XnioIoThread thread : threads) {
      end(thread);
    }
    // Each round of the autoscaler reports the threads that ended since the last: one line for
    // both, or one each when the second ended a round later (a loaded machine).
    Pattern report =
        Pattern.compile(
            "ERROR io\\.github\\.modalemulator\\.internal\\.assembly\\.Server - The emulator's I/O"
                + " threads \\[([^]]+)] have ended \\(an OutOfMemoryError\\?\\): the connections"
                + " they served get no answer; restart the emulator, and give it more heap \\(-Xmx\\)"
                + " if a function needs it");
    List<String> ended = threads.stream().map(Thread::getName).sorted().toList();
    try {
      for (XnioIoThread thread : threads) {
        thread.join(5_000);
        assertThat(thread.isAlive()).as(thread.getName()).isFalse();
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!reported(report, log).equals(ended) && System.nanoTime() < end) {
        Thread.sleep(50); // the autoscaler's next round looks
      }
    } finally {
      System.setErr(err);
    }
    assertThat(reported(report, log)).as(log.toString(StandardCharsets.UTF_8)).isEqualTo(ended);
    try (Socket stuck = new Socket(InetAddress.getLoopbackAddress(), port)) {
      stuck
          .getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: local--echo-app-echo.localhost\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1));

      long started = System.nanoTime();
      emulator.close();
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertThat(millis).isLessThan(4_500);
    }
  }
}
