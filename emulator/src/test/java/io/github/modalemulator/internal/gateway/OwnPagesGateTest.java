package io.github.modalemulator.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.testing.RawHttp;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate before the emulator's own pages, on a real Undertow listener. The connection comes from
 * loopback, as every test's does; a first handler gives the exchange another peer address, as a
 * proxy-protocol handler would, so the gate sees a peer on the network. The real jar behind a
 * network namespace is the reliability suite's row.
 */
class OwnPagesGateTest {
  private static final String TOKEN = "0123456789abcdef0123";

  private final AtomicReference<String> seen = new AtomicReference<>();
  private Undertow server;
  private int port;

  private void start(String peer, String token) {
    HttpHandler pages =
        exchange -> {
          seen.set(
              exchange.getRequestHeaders().getFirst("Authorization")
                  + " | "
                  + exchange.getRequestHeaders().getFirst("Cookie"));
          exchange.getResponseSender().send("the page");
        };
    HttpHandler gate = new OwnPagesGate(token, pages);
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                exchange -> {
                  if (peer != null) {
                    exchange.setSourceAddress(new InetSocketAddress(peer, 40000));
                  }
                  gate.handleRequest(exchange);
                })
            .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private RawHttp.Response get(String path, String headers) throws Exception {
    return RawHttp.exchange(
        port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers, new byte[0]);
  }

  @Test
  void loopbackPeersPassWithoutAToken() throws Exception {
    start(null, null);
    RawHttp.Response page = get("/api/token", "");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("the page");
  }

  @Test
  void aPeerOnTheNetworkIsRefusedWhateverItSendsWhenThereIsNoToken() throws Exception {
    start("10.200.0.2", null);
    for (String headers :
        new String[] {
          "", "Authorization: Bearer " + TOKEN + "\r\n", "Cookie: modal-emulator-dashboard=x\r\n"
        }) {
      RawHttp.Response refused = get("/api/token", headers);
      assertThat(refused.status()).as(headers).isEqualTo(403);
      assertThat(refused.body())
          .as(headers)
          .isEqualTo("modal-http: the emulator's own pages answer only this machine");
    }
    assertThat(get("/?dashboard_token=" + TOKEN, "").status()).isEqualTo(403);
    assertThat(seen.get()).isNull();
  }

  @Test
  void withATokenThePeerPassesByBearerAndTheTokenIsTakenOutOfTheRequest() throws Exception {
    start("10.200.0.2", TOKEN);
    assertThat(get("/api/state", "").status()).isEqualTo(403);
    assertThat(get("/api/state", "Authorization: Bearer wrong-wrong-wrong-wrong\r\n").status())
        .isEqualTo(403);
    assertThat(seen.get()).isNull();
    RawHttp.Response page = get("/api/state", "Authorization: bearer " + TOKEN + "\r\n");
    assertThat(page.status()).isEqualTo(200);
    assertThat(seen.get()).isEqualTo("null | null");
  }

  @Test
  void aBrowserGetsTheCookieOnceAndItIsTakenOutOfTheRequest() throws Exception {
    start("10.200.0.2", TOKEN);
    assertThat(get("/?dashboard_token=wrong-wrong-wrong-wrong", "").status()).isEqualTo(403);
    RawHttp.Response login = get("//elsewhere.example/?dashboard_token=" + TOKEN, "");
    assertThat(login.status()).isEqualTo(303);
    assertThat(login.header("Location")).isEqualTo("/");
    String cookie = "modal-emulator-dashboard-" + port;
    assertThat(login.header("Set-Cookie"))
        .isEqualTo(cookie + "=" + TOKEN + "; Path=/; HttpOnly; SameSite=Strict");
    assertThat(seen.get()).isNull();

    assertThat(get("/", "Cookie: " + cookie + "=wrong-wrong-wrong-wrong\r\n").status())
        .isEqualTo(403);
    RawHttp.Response page = get("/", "Cookie: a=1; " + cookie + "=" + TOKEN + "; b=2\r\n");
    assertThat(page.status()).isEqualTo(200);
    assertThat(seen.get()).isEqualTo("null | a=1; b=2");
  }

  @Test
  void loopbackIsTheWhole127NetworkIpv6LoopbackAndIpv4LoopbackWrittenAsIpv6() throws Exception {
    for (String address : new String[] {"127.0.0.1", "127.1.2.3", "::1"}) {
      assertThat(OwnPagesGate.isLoopback(InetAddress.getByName(address))).as(address).isTrue();
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 127;
    mapped[15] = 1;
    assertThat(OwnPagesGate.isLoopback(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
    mapped[12] = 10;
    assertThat(OwnPagesGate.isLoopback(Inet6Address.getByAddress(null, mapped, -1))).isFalse();
    for (String address :
        new String[] {
          "10.200.0.2", "0.0.0.0", "::", "::2", "192.168.1.1", "fe80::1", "128.0.0.1"
        }) {
      assertThat(OwnPagesGate.isLoopback(InetAddress.getByName(address))).as(address).isFalse();
    }
    assertThat(OwnPagesGate.isLoopback(null)).isFalse();
  }
}
