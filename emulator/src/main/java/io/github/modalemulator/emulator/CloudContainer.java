package io.github.modalemulator.emulator;

import io.github.modalemulator.internal.assembly.ContainerServer;
import java.util.List;

/**
 * What one container of the cloud runs for some web functions of an app, started by {@link
 * EmulatorBuilder#startContainer(java.util.Map)}: each function on a port of its own, with nothing
 * of the cloud's edge in front (no label routing, proxy auth, 303s or autoscaling). An exported app
 * runs this in each of its containers; a test can drive it to see what the cloud's containers
 * answer behind the edge.
 *
 * <pre>{@code
 * try (CloudContainer container =
 *     Emulator.builder().apps(HelloApp.class).bindAddress("0.0.0.0")
 *         .startContainer(Map.of("hello", 8000))) {
 *   // GET http://127.0.0.1:8000/ answers as the function does behind the cloud's edge
 * }
 * }</pre>
 */
public final class CloudContainer implements AutoCloseable {
  /**
   * A function served, on its port.
   *
   * @param ownServer true for a {@code @WebServer}: the port is its own server's, not the
   *     emulator's
   */
  public record Port(String function, int port, boolean ownServer) {}

  private final ContainerServer server;
  private final List<Port> ports;

  CloudContainer(ContainerServer server) {
    this.server = server;
    this.ports =
        server.served().stream().map(s -> new Port(s.function(), s.port(), s.ownServer())).toList();
  }

  /** Every function served, with the port it listens on, in the app's order. */
  public List<Port> ports() {
    return ports;
  }

  /**
   * The functions served here that require proxy auth, in the app's order. In the cloud its edge
   * checks {@code Modal-Key} and {@code Modal-Secret} before a request reaches the container, so
   * here, as in a cloud container, they answer without credentials.
   */
  public List<String> proxyAuthFunctions() {
    return server.served().stream()
        .filter(ContainerServer.Listening::requiresProxyAuth)
        .map(ContainerServer.Listening::function)
        .toList();
  }

  /**
   * The functions served here that code calls, in the app's order: each takes its inputs on its
   * port on loopback ({@code 127.0.0.1}), whatever the bind address.
   */
  public List<String> calledFunctions() {
    return server.served().stream()
        .filter(ContainerServer.Listening::called)
        .map(ContainerServer.Listening::function)
        .toList();
  }

  /**
   * Stops gracefully: requests in flight finish (up to the stop timeout), then each container stops
   * (a class's {@code @Exit} hooks run, a web server's processes end).
   */
  @Override
  public void close() {
    server.close();
  }
}
