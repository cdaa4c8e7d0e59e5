package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.ExecutionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The port of each server replica ({@code @Server}, {@code @HttpServer}) on this machine: in the
 * cloud every replica listens on its annotation's port on a host of its own; here the first gets
 * that port and each further one a free port of its own, held until the replica stops. A port a
 * {@code @WebServer} declares is never a replica's: that server can listen nowhere else. A child
 * container JVM is told its replica's port by the emulator that started it ({@link
 * ExecutionContext#SERVER_PORT_VARIABLE}).
 */
final class ReplicaPorts {
  private static final Set<Integer> HELD = new HashSet<>(); // guarded by the class
  // The ports @WebServer functions declare, as many times as pools declare them: theirs alone.
  private static final Map<Integer, Integer> KEPT = new HashMap<>(); // guarded by the class

  private ReplicaPorts() {}

  /** A port for a new replica of a server declared on {@code declared}. */
  static synchronized int reserve(int declared) {
    String given = System.getenv(ExecutionContext.SERVER_PORT_VARIABLE);
    if (given != null) {
      return Integer.parseInt(given.trim());
    }
    int port =
        !HELD.contains(declared)
                && !KEPT.containsKey(declared)
                && !WebServerPart.accepting(declared)
            ? declared
            : free();
    HELD.add(port);
    return port;
  }

  /** A pool of {@code @WebServer} functions lives: no replica takes their ports. */
  static synchronized void keep(List<Integer> ports) {
    ports.forEach(port -> KEPT.merge(port, 1, Integer::sum));
  }

  static synchronized void unkeep(List<Integer> ports) {
    ports.forEach(port -> KEPT.computeIfPresent(port, (p, n) -> n == 1 ? null : n - 1));
  }

  static synchronized void release(int port) {
    HELD.remove(port);
  }

  private static int free() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for a server replica", e);
    }
  }
}
