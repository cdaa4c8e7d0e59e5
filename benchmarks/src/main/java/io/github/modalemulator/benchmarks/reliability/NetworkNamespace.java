package io.github.modalemulator.benchmarks.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace of the suite's own, joined to this machine by a veth pair with
 * addresses in 10.200.0.0/16: a peer that is not this machine's loopback, so the suite can see what
 * the network sees without leaving the machine. Made with {@code ip} (iproute2), which needs root;
 * {@link #close()} removes both, and a namespace left by a killed run of the same process id is
 * removed before a new one is made. Names and the /30 come from the process id, so runs side by
 * side don't meet.
 */
final class NetworkNamespace implements AutoCloseable {
  private static final List<Path> IP =
      List.of(Path.of("/usr/sbin/ip"), Path.of("/sbin/ip"), Path.of("/usr/bin/ip"));

  private final String ip;
  private final String name;
  private final String hostSide;
  final String hostAddress;
  final String peerAddress;

  private NetworkNamespace(String ip, long id) {
    this.ip = ip;
    this.name = "mee" + id;
    this.hostSide = "mee" + id + "h";
    int block = (int) (id % 16384);
    String prefix = "10.200." + block / 64 + ".";
    this.hostAddress = prefix + (block % 64 * 4 + 1);
    this.peerAddress = prefix + (block % 64 * 4 + 2);
  }

  /** Why a namespace can't be made here (not root, no {@code ip}); empty when it can. */
  static Optional<String> unavailable() {
    if (ipCommand().isEmpty()) {
      return Optional.of("no ip command: apt-get install iproute2 (.ci/run installs it)");
    }
    try {
      Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!uid.equals("0")) {
        return Optional.of("a network namespace needs root; this runs as uid " + uid);
      }
    } catch (IOException e) {
      return Optional.of("can't tell the user id: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static Optional<String> ipCommand() {
    return IP.stream().filter(Files::isExecutable).map(Path::toString).findFirst();
  }

  /** Makes the namespace and the veth pair, both sides up. */
  static NetworkNamespace create() throws IOException, InterruptedException {
    NetworkNamespace namespace =
        new NetworkNamespace(ipCommand().orElseThrow(), ProcessHandle.current().pid());
    namespace.removeQuietly();
    try {
      namespace.ip("netns", "add", namespace.name);
      String peerSide = "mee" + ProcessHandle.current().pid() + "p";
      namespace.ip("link", "add", namespace.hostSide, "type", "veth", "peer", "name", peerSide);
      namespace.ip("link", "set", peerSide, "netns", namespace.name);
      namespace.ip("addr", "add", namespace.hostAddress + "/30", "dev", namespace.hostSide);
      namespace.ip("link", "set", namespace.hostSide, "up");
      namespace.inside("ip", "addr", "add", namespace.peerAddress + "/30", "dev", peerSide);
      namespace.inside("ip", "link", "set", peerSide, "up");
      namespace.inside("ip", "link", "set", "lo", "up");
      return namespace;
    } catch (IOException | RuntimeException e) {
      namespace.close();
      throw e;
    }
  }

  /**
   * Sends {@code request} from inside the namespace to {@code address:port} over a plain TCP
   * connection (bash's {@code /dev/tcp}) and returns what comes back before the server closes, at
   * most 15 s later.
   */
  String send(String address, int port, String request) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                ip,
                "netns",
                "exec",
                name,
                "timeout",
                "10",
                "bash",
                "-c",
                "exec 3<>/dev/tcp/$0/$1 && cat >&3 && cat <&3",
                address,
                String.valueOf(port))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    process.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    process.getOutputStream().close();
    byte[] answer = process.getInputStream().readAllBytes();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return new String(answer, StandardCharsets.ISO_8859_1);
  }

  private void inside(String... command) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("netns", "exec", name));
    all.add(ip);
    all.addAll(List.of(command).subList(1, command.length));
    ip(all.toArray(String[]::new));
  }

  private void ip(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ip));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
  }

  private void removeQuietly() {
    for (String[] command :
        new String[][] {{ip, "link", "del", hostSide}, {ip, "netns", "del", name}}) {
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (IOException e) {
        // nothing to remove
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Removes the veth pair (both ends go with one) and the namespace. */
  @Override
  public void close() {
    removeQuietly();
  }
}
