package io.github.modalemulator.benchmarks.reliability;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.Child;
import io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.Options;
import io.github.modalemulator.benchmarks.reliability.ReliabilitySuite.Row;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client can make the emulator hold, at 128 MiB of heap: requests of about a megabyte of
 * headers or of path, which the request journal records; a live stream ({@code /api/stream}) that
 * never reads while traffic changes what the dashboard shows; and user code that runs the heap out.
 * Each is bounded in time; each measures availability with a health request every 50 ms, and the
 * child's heap after a full GC ({@code jcmd}).
 */
final class MemoryAttacks {
  static final String UNKNOWN = "nobody-here.localhost";
  static final String HOG = "local--rel-hog.localhost";
  static final int BIG_HEADER = 900 * 1024;
  static final int BIG_PATH = 1_000_000;

  private MemoryAttacks() {}

  /**
   * Two clients send, one after another for {@code time}: 900 KiB of headers to an unknown host
   * ({@code 404}, recorded all the same), the same to a function, and 1,000,000-character paths.
   */
  static Row bigHeadersAndPaths(Child child, Duration time) throws Exception {
    String header = "X-Big: " + "h".repeat(BIG_HEADER) + "\r\n";
    String path = "/" + "p".repeat(BIG_PATH - 1);
    List<byte[]> kinds =
        List.of(
            request("GET / HTTP/1.1\r\nHost: " + UNKNOWN + "\r\n" + header),
            request("GET /?s=a HTTP/1.1\r\nHost: " + ReliabilitySuite.TEXT + "\r\n" + header),
            request("GET " + path + " HTTP/1.1\r\nHost: " + ReliabilitySuite.TEXT + "\r\n"),
            request("GET " + path + " HTTP/1.1\r\nHost: " + UNKNOWN + "\r\n"));
    UnderTraffic measured = UnderTraffic.measure(child, time, kinds);
    return new Row(
        "900 KiB headers (unknown host, a function) and 1,000,000-character paths, 2 clients for "
            + time.toSeconds()
            + " s, heap 128 MiB, probe every 50 ms",
        measured.summary() + "; OutOfMemoryError in its log: " + measured.outOfMemory(),
        measured.passed());
  }

  /**
   * A client opens the dashboard's live stream with a 4 KiB receive buffer and never reads, while
   * two clients send requests that change the dashboard's log every round (8 KiB queries, and
   * 1,000,000-character paths).
   */
  static Row stalledStream(Child child, Duration time) throws Exception {
    String query = "/?s=" + "q".repeat(8 * 1024);
    String path = "/" + "p".repeat(BIG_PATH - 1);
    List<byte[]> kinds =
        List.of(
            request("GET " + query + " HTTP/1.1\r\nHost: " + ReliabilitySuite.TEXT + "\r\n"),
            request("GET " + path + " HTTP/1.1\r\nHost: " + ReliabilitySuite.TEXT + "\r\n"));
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), child.port));
      stalled
          .getOutputStream()
          .write("GET /api/stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(ISO_8859_1));
      long started = System.nanoTime();
      UnderTraffic measured = UnderTraffic.measure(child, time, kinds);
      boolean closed = closedByServer(stalled);
      return new Row(
          "a live stream that never reads, under 2 clients' traffic for "
              + time.toSeconds()
              + " s, heap 128 MiB, probe every 50 ms",
          measured.summary()
              + "; the stalled stream closed by the emulator within "
              + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
              + " s: "
              + closed
              + "; OutOfMemoryError in its log: "
              + measured.outOfMemory(),
          measured.passed());
    }
  }

  /**
   * Two clients' requests for {@code time} while a probe measures availability, then whether the
   * child still serves, its heap after a full GC and whether its log has an OutOfMemoryError.
   */
  private record UnderTraffic(
      Traffic traffic, double availability, boolean after, String heap, boolean outOfMemory) {

    static UnderTraffic measure(Child child, Duration time, List<byte[]> kinds) throws Exception {
      Traffic traffic = Traffic.start(child.port, time, 2, i -> kinds.get(i % kinds.size()));
      double availability = ReliabilitySuite.probe(child.port, time);
      traffic.await(time);
      boolean after = ReliabilitySuite.healthy(child.port);
      String heap = heapAfterGc(child.process);
      return new UnderTraffic(traffic, availability, after, heap, MemoryAttacks.outOfMemory(child));
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "%d requests, answers %s; availability %.1f%%; serving after: %s; heap after a full GC:"
              + " %s",
          traffic.sent(),
          traffic.statuses(),
          availability,
          after,
          heap);
    }

    boolean passed() {
      return availability >= 99.0
          && after
          && !outOfMemory
          && traffic.sent() > 0
          && traffic.unanswered() == 0;
    }
  }

  /**
   * A child of its own: a function that allocates until {@link OutOfMemoryError}, called {@code
   * times} times one after another; then the emulator must still serve, and SIGTERM must end it
   * promptly.
   */
  static Row outOfMemoryInUserCode(Options options, int times) throws Exception {
    try (Child child = Child.start(options)) {
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (int i = 0; i < times; i++) {
        String answer =
            ReliabilitySuite.sendQuietly(
                child.port, request("GET / HTTP/1.1\r\nHost: " + HOG + "\r\n"), 30_000);
        statuses.merge(ReliabilitySuite.statusOf(answer), 1, Integer::sum);
      }
      double availability = ReliabilitySuite.probe(child.port, Duration.ofSeconds(2));
      boolean ranOut = outOfMemory(child);
      long started = System.nanoTime();
      child.process.destroy();
      boolean exited = child.process.waitFor(30, TimeUnit.SECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      int status = exited ? child.process.exitValue() : -1;
      return new Row(
          "a function that allocates until OutOfMemoryError, "
              + times
              + " times (its own child, heap 128 MiB), then SIGTERM",
          String.format(
              Locale.ROOT,
              "answers %s; OutOfMemoryError in its log: %s; availability after %.1f%%; exit"
                  + " status %d after %d ms",
              statuses,
              ranOut,
              availability,
              status,
              millis),
          availability >= 99.0
              && ranOut
              && statuses.getOrDefault(500, 0) == times
              && exited
              && status == 0
              && millis < 10_000);
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** A head (request line and headers) that closes its connection. */
  private static byte[] request(String head) {
    return (head + "Connection: close\r\n\r\n").getBytes(ISO_8859_1);
  }

  private static boolean outOfMemory(Child child) throws IOException {
    return Files.readString(child.stderr).contains("OutOfMemoryError")
        || Files.readString(child.stdout).contains("OutOfMemoryError");
  }

  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  /** The child's heap in use after a full GC, as {@code jcmd} says; "unknown" without it. */
  static String heapAfterGc(Process process) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return "unknown";
    }
    try {
      run(jcmd, process.pid(), "GC.run");
      Matcher used = USED.matcher(run(jcmd, process.pid(), "GC.heap_info"));
      return used.find()
          ? String.format(Locale.ROOT, "%.1f MiB", Long.parseLong(used.group(1)) / 1024.0)
          : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String run(Path jcmd, long pid, String command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), ISO_8859_1);
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return out;
  }

  /** Whether the server has closed the socket: what it sent read to the end within 2 s. */
  private static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(2_000);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < end) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Clients that send requests one after another until a deadline, counting the answers. */
  private static final class Traffic {
    private final ExecutorService clients;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

    private Traffic(int clients) {
      this.clients = Executors.newFixedThreadPool(clients);
    }

    static Traffic start(int port, Duration time, int clients, IntFunction<byte[]> requests) {
      Traffic traffic = new Traffic(clients);
      long end = System.nanoTime() + time.toNanos();
      for (int c = 0; c < clients; c++) {
        int first = c;
        traffic.running.add(
            traffic.clients.submit(
                () -> {
                  for (int i = first; System.nanoTime() < end; i += clients) {
                    traffic.sent.incrementAndGet();
                    String answer = ReliabilitySuite.sendQuietly(port, requests.apply(i), 10_000);
                    traffic
                        .statuses
                        .computeIfAbsent(
                            ReliabilitySuite.statusOf(answer), s -> new AtomicInteger())
                        .incrementAndGet();
                  }
                  return null;
                }));
      }
      return traffic;
    }

    void await(Duration time) throws Exception {
      try {
        for (Future<?> client : running) {
          client.get(time.toSeconds() + 60, TimeUnit.SECONDS);
        }
      } finally {
        clients.shutdownNow();
      }
    }

    int sent() {
      return sent.get();
    }

    /** Requests that got no HTTP answer (0: none; -1: no HTTP/1.x). */
    int unanswered() {
      return statuses.getOrDefault(0, new AtomicInteger()).get()
          + statuses.getOrDefault(-1, new AtomicInteger()).get();
    }

    String statuses() {
      Map<Integer, Integer> sorted = new TreeMap<>();
      statuses.forEach((status, count) -> sorted.put(status, count.get()));
      StringBuilder out = new StringBuilder();
      sorted.forEach(
          (status, count) ->
              out.append(out.length() == 0 ? "" : ", ")
                  .append(status == 0 ? "none" : status)
                  .append(" ×")
                  .append(count));
      return out.toString();
    }
  }
}
