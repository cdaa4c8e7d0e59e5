package io.github.modalemulator.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.emulator.RecordedRequest;
import io.github.modalemulator.testing.RawHttp;
import io.undertow.Undertow;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The journal's bounds, through a real Undertow server whose requests it records. */
class RequestJournalTest {
  private Undertow server;

  private int serve(RequestJournal journal) {
    server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(
                new JournalHandler(
                    journal,
                    "app",
                    "fn",
                    exchange -> exchange.setStatusCode(StatusCodes.NOT_FOUND).endExchange()))
            .build();
    server.start();
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void cutsLongPathsQueriesAndHeadersShortWithAMark() throws Exception {
    RequestJournal journal = new RequestJournal(100);
    int port = serve(journal);
    String path = "/" + "p".repeat(100_000);
    String query = "q=" + "v".repeat(20_000);
    String value = "h".repeat(900 * 1024);

    RawHttp.exchange(
        port,
        "GET "
            + path
            + "?"
            + query
            + " HTTP/1.1\r\nHost: x\r\nX-Big: "
            + value
            + "\r\nX-Small: ok\r\n",
        new byte[0]);

    RecordedRequest recorded = journal.snapshot().get(0);
    assertThat(recorded.status()).isEqualTo(404);
    assertThat(recorded.path())
        .isEqualTo("/" + "p".repeat(8191) + "...[truncated from 100001 chars]");
    assertThat(recorded.query())
        .isEqualTo("q=" + "v".repeat(8190) + "...[truncated from 20002 chars]");
    assertThat(recorded.headers().first("x-big"))
        .contains("h".repeat(8192) + "...[truncated from 921600 chars]");
    assertThat(recorded.headers().first("x-small")).contains("ok");
    assertThat(journal.bytes()).isBetween(3 * 8192L, 64 * 1024L);
  }

  @Test
  void keepsOneRequestsTextsWithinItsEntryLimit() throws Exception {
    RequestJournal journal = new RequestJournal(100);
    int port = serve(journal);
    StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 20; i++) {
      head.append("X-H").append(i).append(": ").append("v".repeat(10_000)).append("\r\n");
    }

    RawHttp.exchange(port, head.toString(), new byte[0]);

    RecordedRequest recorded = journal.snapshot().get(0);
    long kept =
        recorded.headers().asMap().values().stream()
            .flatMap(List::stream)
            .mapToLong(v -> v.replaceAll("\\.\\.\\.\\[truncated from \\d+ chars]$", "").length())
            .sum();
    assertThat(kept).isLessThanOrEqualTo(RecordedText.ENTRY_CHARS);
    List<String> values =
        recorded.headers().asMap().entrySet().stream()
            .filter(e -> e.getKey().startsWith("x-h"))
            .map(e -> e.getValue().get(0))
            .toList();
    assertThat(values).contains("v".repeat(8192) + "...[truncated from 10000 chars]");
    // Past 64 KiB, what is left of the entry's share: nothing but the mark.
    assertThat(values.stream().filter("...[truncated from 10000 chars]"::equals).count())
        .isGreaterThanOrEqualTo(11);
  }

  @Test
  void keepsTheNewestRequestsWithinItsByteBudget() throws Exception {
    long budget = 1L << 20;
    RequestJournal journal = new RequestJournal(10_000, budget);
    int port = serve(journal);
    String headers = "";
    for (int i = 0; i < 8; i++) {
      headers += "X-H" + i + ": " + "v".repeat(8000) + "\r\n";
    }

    for (int i = 0; i < 60; i++) {
      RawHttp.exchange(port, "GET /r" + i + " HTTP/1.1\r\nHost: x\r\n" + headers, new byte[0]);
      assertThat(journal.bytes()).isLessThanOrEqualTo(budget);
    }

    List<RecordedRequest> kept = journal.snapshot();
    // Each entry takes over 64,000 bytes of strings: the budget keeps 16 at most, and the newest.
    assertThat(kept.size()).isBetween(10, 16);
    assertThat(kept.get(kept.size() - 1).path()).isEqualTo("/r59");
    assertThat(kept.get(0).path()).isEqualTo("/r" + (60 - kept.size()));
    assertThat(journal.bytes()).isGreaterThan(kept.size() * 64_000L);

    journal.clear();
    assertThat(journal.snapshot()).isEmpty();
    assertThat(journal.bytes()).isZero();
  }
}
