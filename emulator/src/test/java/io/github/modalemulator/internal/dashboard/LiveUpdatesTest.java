package io.github.modalemulator.internal.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.testing.RawHttp;
import io.undertow.Undertow;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.Options;

/**
 * The live stream against a client that stops reading: a real Undertow server with small socket
 * buffers, so that a state of 256 KiB can't all go out, and a raw socket that reads nothing for a
 * while.
 */
class LiveUpdatesTest {
  private static final Pattern STATE = Pattern.compile("data: ?n=(\\d+) ");

  private final AtomicInteger states = new AtomicInteger();
  private LiveUpdates live;
  private Undertow server;
  private Emulator emulator;

  /** Every state differs, and says which it is: {@code n=7 xxxx...}. */
  private String nextState() {
    return "n=" + states.incrementAndGet() + " " + "x".repeat(256 * 1024);
  }

  private int serve(long stallLimitMillis) {
    live = new LiveUpdates(this::nextState, stallLimitMillis);
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setSocketOption(Options.SEND_BUFFER, 8192) // no autotuning: the kernel holds little
            .setHandler(live.handler())
            .build();
    server.start();
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @AfterEach
  void stop() {
    if (live != null) {
      live.close();
      server.stop();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private static Socket stalledStream(int port) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    socket
        .getOutputStream()
        .write(
            "GET /api/stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    return socket;
  }

  @Test
  void aStalledStreamGetsTheFreshStateOnceItReadsNotEveryStateItMissed() throws Exception {
    int port = serve(LiveUpdates.STALL_LIMIT_MILLIS);
    try (Socket socket = stalledStream(port)) {
      Thread.sleep(2_000); // ten rounds, each with a new state, while nothing is read

      socket.setSoTimeout(5_000);
      List<Integer> received = readStates(socket.getInputStream(), 2);

      assertThat(received).hasSize(2);
      // Queued one after another, the second would be the next state; skipped while the first
      // was unsent, it is a state of the moment the first went out.
      assertThat(received.get(1) - received.get(0)).isGreaterThanOrEqualTo(8);
    }
  }

  @Test
  void closesAStreamWhoseStateHasNotGoneOutWithinTheLimit() throws Exception {
    int port = serve(1_000);
    try (Socket socket = stalledStream(port)) {
      Thread.sleep(2_500);

      socket.setSoTimeout(5_000);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      long read = 0;
      boolean closed = false;
      long end = System.nanoTime() + 5_000_000_000L;
      try {
        int n = 0;
        while (System.nanoTime() < end && (n = in.read(buffer)) >= 0) {
          read += n;
        }
        closed = n < 0;
      } catch (SocketTimeoutException stillOpen) {
        // the server kept it open: what the test refuses
      } catch (IOException reset) {
        closed = true;
      }
      assertThat(closed).as("closed by the server after %d bytes", read).isTrue();
      assertThat(read).isLessThan(256 * 1024);
    }
  }

  @Test
  void closingEndsAStalledStreamAtOnce() throws Exception {
    int port = serve(LiveUpdates.STALL_LIMIT_MILLIS);
    try (Socket socket = stalledStream(port)) {
      Thread.sleep(500); // its first state is on its way, and stuck

      live.close();

      assertThat(closedWithin(socket, 5_000)).isTrue();
    }
  }

  /** Whether the server closes the socket within the time, all it sent read. */
  private static boolean closedWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    long end = System.nanoTime() + millis * 1_000_000L;
    try {
      int n = 0;
      while (System.nanoTime() < end && (n = in.read(buffer)) >= 0) {
        // what it sent before the close
      }
      return n < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** The states' numbers, in the order they come, until {@code count} have come (5 s at most). */
  private static List<Integer> readStates(InputStream in, int count) throws IOException {
    List<Integer> received = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long end = System.nanoTime() + 5_000_000_000L;
    InputStream buffered = new BufferedInputStream(in);
    for (int b;
        received.size() < count && System.nanoTime() < end && (b = buffered.read()) >= 0; ) {
      if (b != '\n') {
        if (line.size() < 64) {
          line.write(b);
        }
        continue;
      }
      Matcher matcher = STATE.matcher(line.toString(StandardCharsets.UTF_8));
      if (matcher.lookingAt()) {
        received.add(Integer.parseInt(matcher.group(1)));
      }
      line.reset();
    }
    return received;
  }

  @App("live")
  public static class LiveApp {
    @Function
    @FastapiEndpoint(method = "GET")
    public static Map<String, String> hello() {
      return Map.of("message", "hi");
    }
  }

  @Test
  void theLiveStateShortensLongTextsAndTheRequestsPageKeepsThem() throws Exception {
    emulator = Emulator.builder().apps(LiveApp.class).start();
    String host = emulator.webUrl("hello").replaceAll("^http://|:\\d+$", "");
    String path = "/" + "p".repeat(1000);
    RawHttp.get(emulator.port(), host, path + "?q=" + "v".repeat(1000));

    JsonNode state =
        new ObjectMapper()
            .readTree(RawHttp.get(emulator.port(), "localhost", "/api/state").body())
            .get("requests")
            .get(0);
    assertThat(state.get("path").asText())
        .isEqualTo("/" + "p".repeat(127) + "...[truncated from 1001 chars]");
    assertThat(state.get("query").asText())
        .isEqualTo("q=" + "v".repeat(126) + "...[truncated from 1002 chars]");
    JsonNode page =
        new ObjectMapper()
            .readTree(
                RawHttp.get(emulator.port(), "localhost", "/api/requests/" + state.get("id"))
                    .body());
    assertThat(page.get("path").asText()).isEqualTo(path);
  }
}
