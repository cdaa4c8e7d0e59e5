package io.github.modalemulator.benchmarks.reliability;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Attacks the real {@code emulator.jar}, run as a child process with a 128 MiB heap and a header
 * timeout of 3 s, as a hostile client would, and prints one table: proxy-auth bypass variants over
 * HTTP/1.1 and HTTP/2 ({@link ProxyAuthFuzzer}), malformed requests each with the answer HTTP
 * defines and followed by a health request ({@link MalformedCorpus}), slow bodies and slow headers
 * while a probe measures availability, concurrent uploads of several times the heap, HTTP/2 field
 * smuggling and forged forwarding fields into a {@code @WebServer}'s backend ({@link
 * BackendSmuggling}), a soak, a peer on the network (a namespace of the suite's own, when run as
 * root) reaching for the dashboard's API, the secrets of requests in that API, megabyte headers and
 * paths, a live stream that never reads ({@link MemoryAttacks}), a clean stop, and user code that
 * runs the heap out (in a child of its own). Every loop is bounded in count and time.
 *
 * <pre>{@code
 * java -cp benchmarks/target/classes:... ReliabilitySuite emulator/target/emulator.jar \
 *     benchmarks/target/classes full
 * }</pre>
 */
public final class ReliabilitySuite {
  static final String HEALTH = "local--rel-health.localhost";
  static final String TEXT = "local--rel-text.localhost";
  static final String ECHO = "local--rel-echo.localhost";
  static final String RAW = "local--rel-raw.localhost";
  static final String GUARDED = "local--rel-guarded.localhost";
  static final String GUARDED_POST = "local--rel-guarded-post.localhost";
  static final String TOKENS = "wk-rel1:ws-rel1,wk-rel2:ws-rel2";

  /** The child's {@code --header-timeout}: short, so that unfinished headers get their 408 here. */
  static final Duration HEADER_TIMEOUT = Duration.ofSeconds(3);

  /** One line of the summary. */
  public record Row(String attack, String measured, boolean passed) {}

  /**
   * How long and how hard.
   *
   * @param attack how long each slow-client attack lasts (past the 10 s body-rate window, so the
   *     slow bodies must have been cut)
   * @param soak how long the soak runs
   * @param uploadBytes the size of each concurrent upload
   * @param memory how long each of {@link MemoryAttacks}' floods lasts
   */
  public record Options(
      Path jar,
      String classPath,
      Duration attack,
      Duration soak,
      int uploads,
      long uploadBytes,
      Duration memory) {
    public static Options quick(Path jar, String classPath) {
      return new Options(
          jar,
          classPath,
          Duration.ofSeconds(12),
          Duration.ofSeconds(5),
          3,
          512L << 20,
          Duration.ofSeconds(3));
    }

    public static Options full(Path jar, String classPath) {
      return new Options(
          jar,
          classPath,
          Duration.ofSeconds(20),
          Duration.ofSeconds(60),
          6,
          1L << 30,
          Duration.ofSeconds(60));
    }
  }

  private ReliabilitySuite() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ReliabilitySuite EMULATOR_JAR APP_CLASSES [quick|full]");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    Options options =
        args.length > 2 && args[2].equals("quick")
            ? Options.quick(jar, args[1])
            : Options.full(jar, args[1]);
    List<Row> rows = run(options);
    System.out.println(table(rows));
    System.exit(rows.stream().allMatch(Row::passed) ? 0 : 1);
  }

  /** Runs every attack against one child emulator, then stops it. */
  public static List<Row> run(Options options) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Child child = Child.start(options)) {
      int port = child.port;
      timed(rows, () -> ProxyAuthFuzzer.http1(port));
      timed(rows, () -> ProxyAuthFuzzer.http2(port));
      timed(rows, () -> MalformedCorpus.run(port, HEADER_TIMEOUT));
      timed(rows, () -> slowBodies(port, options.attack()));
      timed(rows, () -> slowHeaders(port, options.attack()));
      timed(rows, () -> bigUploads(port, options.uploads(), options.uploadBytes()));
      timed(rows, () -> BackendSmuggling.http2(port));
      timed(rows, () -> BackendSmuggling.forwarding(port));
      timed(rows, () -> soak(port, options.soak()));
      timed(rows, () -> OwnPagesAttacks.secretsInTheApi(port));
      timed(rows, () -> OwnPagesAttacks.networkPeer(options));
      timed(rows, () -> MemoryAttacks.bigHeadersAndPaths(child, options.memory()));
      timed(rows, () -> MemoryAttacks.stalledStream(child, options.memory()));
      timed(rows, child::stop);
    }
    // Last, in a child of its own: the other child's stop must see no OutOfMemoryError.
    timed(rows, () -> MemoryAttacks.outOfMemoryInUserCode(options, 3));
    return rows;
  }

  private interface Attack {
    Row run() throws Exception;
  }

  /** Runs one attack, and says on stderr how long it took. */
  private static void timed(List<Row> rows, Attack attack) throws Exception {
    long started = System.nanoTime();
    Row row = attack.run();
    System.err.printf(
        Locale.ROOT,
        "%s: %d ms%n",
        row.attack(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    rows.add(row);
  }

  /** A Markdown table, as the README shows it. */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder("| Attack | Measured | Result |\n|---|---|---|\n");
    for (Row row : rows) {
      out.append("| ")
          .append(row.attack())
          .append(" | ")
          .append(row.measured())
          .append(" | ")
          .append(row.passed() ? "pass" : "**FAIL**")
          .append(" |\n");
    }
    return out.toString();
  }

  // ---- slow clients -----------------------------------------------------------------------

  static Row slowBodies(int port, Duration attack) throws Exception {
    List<Socket> slow = new ArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService trickle = Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < 80; i++) { // more than the 64 worker threads
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(2_000);
        socket
            .getOutputStream()
            .write(
                ("POST / HTTP/1.1\r\nHost: "
                        + ECHO
                        + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{")
                    .getBytes(ISO_8859_1));
        slow.add(socket);
      }
      trickle.submit(
          () -> {
            while (running.get()) {
              for (Socket socket : slow) {
                try {
                  socket.getOutputStream().write(' ');
                } catch (IOException closed) {
                  // the server cut it: expected
                }
              }
              try {
                Thread.sleep(1_000);
              } catch (InterruptedException e) {
                return;
              }
            }
          });
      double availability = probe(port, attack);
      running.set(false);
      int cut = 0;
      for (Socket socket : slow) {
        try {
          String answer = readAll(socket.getInputStream());
          if (answer.startsWith("HTTP/1.1 408")) {
            cut++;
          }
        } catch (IOException e) {
          // not answered
        }
      }
      return new Row(
          "80 bodies at 1 byte/s for " + attack.toSeconds() + " s, probe every 50 ms",
          String.format(
              Locale.ROOT,
              "availability %.1f%%, %d of 80 got 408 and were closed",
              availability,
              cut),
          availability >= 99.0 && cut == slow.size());
    } finally {
      running.set(false);
      trickle.shutdownNow();
      trickle.awaitTermination(5, TimeUnit.SECONDS);
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  static Row slowHeaders(int port, Duration attack) throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket
            .getOutputStream()
            .write(("GET / HTTP/1.1\r\nHost: " + HEALTH + "\r\nX-Slow:").getBytes(ISO_8859_1));
        slow.add(socket);
      }
      // Past the header timeout, so that every one of them must have had its 408 by the end.
      Duration time = attack.dividedBy(2);
      double availability = probe(port, time.compareTo(HEADER_TIMEOUT) > 0 ? time : HEADER_TIMEOUT);
      int timedOut = 0;
      for (Socket socket : slow) {
        socket.setSoTimeout(2_000);
        String answer = readAll(socket.getInputStream());
        if (answer.startsWith("HTTP/1.1 408 ")
            && answer.endsWith("\r\n\r\nmodal-http: request headers were not received in time")
            && closedByServer(socket)) {
          timedOut++;
        }
      }
      return new Row(
          "200 connections with unfinished headers (header timeout "
              + HEADER_TIMEOUT.toSeconds()
              + " s), probe every 50 ms",
          String.format(
              Locale.ROOT,
              "availability %.1f%%, %d of 200 got 408 and were closed",
              availability,
              timedOut),
          availability >= 99.0 && timedOut == slow.size());
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  /** Whether the server has closed the socket: a read ends at once, with no more bytes. */
  private static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(200);
      return socket.getInputStream().read() < 0;
    } catch (IOException e) {
      return e instanceof java.net.SocketException; // a reset is a close too; a timeout is not
    }
  }

  /** The share of health requests answered 200 within 2 s, one every 50 ms for {@code time}. */
  static double probe(int port, Duration time) throws InterruptedException {
    long end = System.nanoTime() + time.toNanos();
    int total = 0;
    int ok = 0;
    while (System.nanoTime() < end) {
      total++;
      if (healthy(port)) {
        ok++;
      }
      Thread.sleep(50);
    }
    return total == 0 ? 0 : 100.0 * ok / total;
  }

  // ---- big bodies -------------------------------------------------------------------------

  static Row bigUploads(int port, int uploads, long bytes) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(uploads);
    AtomicInteger refused = new AtomicInteger();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < uploads; i++) {
        String host = i % 2 == 0 ? ECHO : RAW;
        running.add(
            pool.submit(
                () -> {
                  if (upload(port, host, bytes).startsWith("HTTP/1.1 413")) {
                    refused.incrementAndGet();
                  }
                  return null;
                }));
      }
      double availability = 0;
      availability = probe(port, Duration.ofSeconds(2));
      for (Future<?> upload : running) {
        upload.get(120, TimeUnit.SECONDS);
      }
      boolean after = healthy(port);
      return new Row(
          uploads + " concurrent chunked uploads of " + (bytes >> 20) + " MiB, heap 128 MiB",
          String.format(
              Locale.ROOT,
              "%d of %d got 413; availability during %.1f%%; serving after: %s",
              refused.get(),
              uploads,
              availability,
              after),
          refused.get() == uploads && after && availability >= 99.0);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A chunked upload of zeros in a JSON string, as fast as the server takes it. */
  static String upload(int port, String host, long bytes) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST / HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nContent-Type: application/json\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n")
              .getBytes(ISO_8859_1));
      byte[] chunk = new byte[256 * 1024];
      java.util.Arrays.fill(chunk, (byte) '0');
      byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(ISO_8859_1);
      try {
        out.write("4\r\n{\"a\"\r\n".getBytes(ISO_8859_1));
        for (long sent = 0; sent < bytes; sent += chunk.length) {
          out.write(size);
          out.write(chunk);
          out.write("\r\n".getBytes(ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(ISO_8859_1));
      } catch (IOException cut) {
        // the server refused the rest: its answer is waiting
      }
      return readAll(socket.getInputStream());
    }
  }

  // ---- soak and stop ----------------------------------------------------------------------

  static Row soak(int port, Duration time) throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long end = System.nanoTime() + time.toNanos();
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      running.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  requests.incrementAndGet();
                  String answer =
                      sendQuietly(
                          port,
                          ("POST / HTTP/1.1\r\nHost: "
                                  + ECHO
                                  + "\r\nContent-Type: application/json\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{\"a\":1}")
                              .getBytes(ISO_8859_1));
                  if (!answer.startsWith("HTTP/1.1 200") || !answer.endsWith("{\"keys\":1}")) {
                    errors.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get(time.toSeconds() + 60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    return new Row(
        "soak, " + threads + " clients, " + time.toSeconds() + " s (a connection per request)",
        requests.get() + " requests, " + errors.get() + " errors",
        errors.get() == 0 && requests.get() > 0);
  }

  // ---- wire helpers -----------------------------------------------------------------------

  static boolean healthy(int port) {
    String answer =
        sendQuietly(
            port,
            ("GET / HTTP/1.1\r\nHost: " + HEALTH + "\r\nConnection: close\r\n\r\n")
                .getBytes(ISO_8859_1));
    return answer.startsWith("HTTP/1.1 200") && answer.endsWith("{\"ok\":true}");
  }

  static String sendQuietly(int port, byte[] request) {
    return sendQuietly(port, request, 2_000);
  }

  static String sendQuietly(int port, byte[] request, int quietMillis) {
    try {
      return send(port, request, quietMillis);
    } catch (IOException e) {
      return "";
    }
  }

  /** Sends the bytes, then reads until the server closes or goes quiet for {@code quietMillis}. */
  static String send(int port, byte[] request, int quietMillis) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(quietMillis);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (IOException closed) {
        // the server answered and closed before taking it all
      }
      return readAll(socket.getInputStream());
    }
  }

  /** The status of the HTTP/1 answer that {@code raw} begins with; 0 for none, -1 for no HTTP. */
  static int statusOf(String raw) {
    if (raw.isEmpty()) {
      return 0;
    }
    if (raw.length() < 12 || !raw.startsWith("HTTP/1.") || raw.charAt(8) != ' ') {
      return -1;
    }
    try {
      return Integer.parseInt(raw.substring(9, 12));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String readAll(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; out.size() < 1 << 20 && (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException quiet) {
      // what came is the answer
    } catch (IOException reset) {
      // the same
    }
    return out.toString(ISO_8859_1);
  }

  /** The emulator.jar under attack. */
  static final class Child implements AutoCloseable {
    final Process process;
    final Path stdout;
    final Path stderr;
    final int port;

    private Child(Process process, Path stdout, Path stderr, int port) {
      this.process = process;
      this.stdout = stdout;
      this.stderr = stderr;
      this.port = port;
    }

    static Child start(Options options) throws Exception {
      return start(options, "127.0.0.1", List.of(), java.util.Map.of());
    }

    /**
     * @param connectHost the address the child says it is ready at (its {@code --bind} when one is
     *     given)
     */
    static Child start(
        Options options,
        String connectHost,
        List<String> moreArguments,
        java.util.Map<String, String> moreEnvironment)
        throws Exception {
      Path out = Files.createTempFile("reliability-stdout", ".txt");
      Path err = Files.createTempFile("reliability-stderr", ".txt");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx128m",
                  "-jar",
                  options.jar().toString(),
                  "deploy",
                  "--port",
                  "0",
                  "--header-timeout",
                  HEADER_TIMEOUT.toMillis() + "ms",
                  "--cp",
                  options.classPath()));
      command.addAll(moreArguments);
      command.add(ReliabilityApp.class.getName());
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("MODAL_EMULATOR_PROXY_AUTH_TOKENS", TOKENS);
      builder.environment().putAll(moreEnvironment);
      String ready = "Emulator ready at http://" + connectHost + ":";
      Process process = builder.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && process.isAlive()) {
        for (String line : Files.readAllLines(out)) {
          int at = line.indexOf(ready);
          if (at >= 0) {
            String rest = line.substring(at + ready.length());
            int port = Integer.parseInt(rest.replaceAll("^(\\d+).*$", "$1"));
            return new Child(process, out, err, port);
          }
        }
        Thread.sleep(50);
      }
      process.destroyForcibly();
      throw new IllegalStateException(
          "emulator.jar did not become ready within 30 s; stderr: " + Files.readString(err));
    }

    Row stop() throws Exception {
      boolean aliveBefore = process.isAlive();
      long started = System.nanoTime();
      process.destroy();
      boolean exited = process.waitFor(30, TimeUnit.SECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      String errors = Files.readString(stderr);
      boolean outOfMemory = errors.contains("OutOfMemoryError");
      // Counted, not judged: Undertow logs some of the attacks' requests at ERROR (the README).
      long errorLines = errors.lines().filter(line -> line.contains("] ERROR ")).count();
      int status = exited ? process.exitValue() : -1;
      return new Row(
          "SIGTERM after every attack",
          "alive before: "
              + aliveBefore
              + "; exit status "
              + status
              + " after "
              + millis
              + " ms; OutOfMemoryError in its log: "
              + outOfMemory
              + "; ERROR lines in its log: "
              + errorLines,
          aliveBefore && exited && status == 0 && !outOfMemory);
    }

    @Override
    public void close() throws IOException {
      process.destroyForcibly();
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }
}
