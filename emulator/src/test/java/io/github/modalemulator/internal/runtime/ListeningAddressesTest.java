package io.github.modalemulator.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel's table of listening sockets, read for one port. */
class ListeningAddressesTest {
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
          + " inode";

  private static String row(String local, String state) {
    return "   0: "
        + local
        + " 00000000:0000 "
        + state
        + " 00000000:00000000 00:00000000 00000000"
        + "  1000        0 12345 1 0000000000000000 100 0 0 10 0";
  }

  @Test
  void readsIpv4AndIpv6AddressesInTheHostsByteOrder() throws Exception {
    List<String> table =
        List.of(
            HEADER,
            row("0100007F:1F90", "0A"), // 127.0.0.1:8080
            row("00000000:1F90", "0A"), // 0.0.0.0:8080
            row("00000000000000000000000001000000:1F90", "0A"), // [::1]:8080
            row("00000000000000000000000000000000:1F90", "0A"), // [::]:8080
            row("0000000000000000FFFF00000100007F:1F90", "0A"), // [::ffff:127.0.0.1]:8080
            row("0100007F:1F91", "0A"), // another port
            row("0100007F:1F90", "01")); // an established connection, not a listener
    assertThat(ListeningAddresses.parse(table, 8080))
        .containsExactly(
            InetAddress.getByName("127.0.0.1"),
            InetAddress.getByName("0.0.0.0"),
            InetAddress.getByName("::1"),
            InetAddress.getByName("::"),
            InetAddress.getByName("127.0.0.1"));
  }

  @Test
  void loopbackOnlyWhenEveryListenerIsALoopbackOne() throws Exception {
    InetAddress v4 = InetAddress.getByName("127.0.0.1");
    InetAddress v6 = InetAddress.getByName("::1");
    assertThat(ListeningAddresses.loopbackOnly(List.of(v4, v6))).isTrue();
    assertThat(ListeningAddresses.loopbackOnly(List.of(v4, InetAddress.getByName("0.0.0.0"))))
        .isFalse();
    assertThat(ListeningAddresses.loopbackOnly(List.of(InetAddress.getByName("::")))).isFalse();
    assertThat(ListeningAddresses.loopbackOnly(List.of(InetAddress.getByName("10.1.2.3"))))
        .isFalse();
    assertThat(ListeningAddresses.loopbackOnly(List.of())).as("nobody listens").isFalse();
  }

  @Test
  void aRealLoopbackListenerIsFoundInThisLinuxKernelsTable() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThat(ListeningAddresses.of(socket.getLocalPort()))
          .hasValue(List.of(InetAddress.getLoopbackAddress()));
    }
  }
}
