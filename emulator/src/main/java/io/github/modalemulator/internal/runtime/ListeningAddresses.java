package io.github.modalemulator.internal.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The local addresses on which sockets of this machine listen on a TCP port, read from Linux's
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}: the kernel's own table, so the answer doesn't
 * depend on which interfaces a connect could try. Limits: Linux only (elsewhere the answer is
 * unknown and nothing is checked); the table is the emulator's network namespace, which is the
 * server's unless it runs in a container of its own; a port another process also listens on (with
 * {@code SO_REUSEPORT}) counts that process's sockets too.
 */
final class ListeningAddresses {
  private static final List<Path> TABLES =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  /** The kernel's state of a listening socket, {@code TCP_LISTEN}. */
  private static final String LISTEN = "0A";

  private ListeningAddresses() {}

  /** The addresses listening on {@code port}; empty when this system keeps no such table. */
  static Optional<List<InetAddress>> of(int port) {
    List<String> lines = new ArrayList<>();
    boolean found = false;
    for (Path table : TABLES) {
      try {
        lines.addAll(Files.readAllLines(table));
        found = true;
      } catch (IOException | SecurityException absent) {
        // not Linux, or IPv6 is off: the other table, if any, still answers
      }
    }
    return found ? Optional.of(parse(lines, port)) : Optional.empty();
  }

  /**
   * The listening addresses on {@code port} in lines of the kernel's tables: {@code sl
   * local_address rem_address st ...}, where an address is hexadecimal {@code ADDR:PORT} and each
   * 32-bit word of {@code ADDR} is in the host's byte order (little-endian on x86 and ARM).
   */
  static List<InetAddress> parse(List<String> lines, int port) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 4 || !fields[3].equals(LISTEN)) {
        continue; // the header, or a socket that isn't listening
      }
      int colon = fields[1].indexOf(':');
      if (colon < 0 || Integer.parseInt(fields[1].substring(colon + 1), 16) != port) {
        continue;
      }
      addresses.add(address(fields[1].substring(0, colon)));
    }
    return addresses;
  }

  /** Whether every address is a loopback one: the server can't be reached from another host. */
  static boolean loopbackOnly(List<InetAddress> addresses) {
    return !addresses.isEmpty() && addresses.stream().allMatch(InetAddress::isLoopbackAddress);
  }

  private static InetAddress address(String hex) {
    byte[] words = HexFormat.of().parseHex(hex);
    byte[] bytes = new byte[words.length];
    for (int word = 0; word < words.length; word += 4) {
      for (int i = 0; i < 4; i++) {
        bytes[word + i] = words[word + 3 - i];
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException("an address of " + bytes.length + " bytes", impossible);
    }
  }
}
