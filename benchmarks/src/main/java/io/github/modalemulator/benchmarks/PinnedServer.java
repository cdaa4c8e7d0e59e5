package io.github.modalemulator.benchmarks;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.examples.fastapi.HelloApp;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;

/**
 * One server of the pinned benchmark, in a JVM of its own: prints {@code PORT n} (and for the
 * emulator the hosts of its two functions), then serves until killed.
 *
 * <ul>
 *   <li>{@code raw-io}: raw Undertow calling {@link BenchApps#asgiHello()}'s handler on its I/O
 *       thread, the handler the emulator's {@code @AsgiApp} returns;
 *   <li>{@code raw-worker}: raw Undertow dispatching to a worker and writing the same map with
 *       Jackson per request, as a {@code @FastapiEndpoint} does;
 *   <li>{@code emulator}: the emulator serving both functions.
 * </ul>
 */
public final class PinnedServer {
  private PinnedServer() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "raw-io" -> {
        Undertow raw =
            Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(BenchApps.asgiHello())
                .build();
        raw.start();
        System.out.println("PORT " + port(raw));
      }
      case "raw-worker" -> {
        Undertow raw = HelloThroughput.rawUndertow(0);
        raw.start();
        System.out.println("PORT " + port(raw));
      }
      case "emulator" -> {
        Emulator emulator = Emulator.builder().apps(HelloApp.class, BenchApps.class).start();
        System.out.println("PORT " + emulator.port());
        System.out.println("ASGI " + URI.create(emulator.webUrl("bench", "asgiHello")).getHost());
        System.out.println(
            "FASTAPI " + URI.create(emulator.webUrl("example-fastapi", "hello")).getHost());
      }
      default -> throw new IllegalArgumentException("raw-io, raw-worker or emulator");
    }
    System.out.flush();
    new CountDownLatch(1).await();
  }

  private static int port(Undertow undertow) {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }
}
