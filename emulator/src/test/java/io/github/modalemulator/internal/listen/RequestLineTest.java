package io.github.modalemulator.internal.listen;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The request line scanner on buffers as reads leave them: data up to position, room after. */
class RequestLineTest {
  private final RequestLine line = new RequestLine();

  /** Scans {@code text} as one read into a buffer with room, and returns what the parser gets. */
  private String read(String text) {
    ByteBuffer buffer = ByteBuffer.allocate(256);
    buffer.put(text.getBytes(ISO_8859_1));
    int end = line.scan(buffer, 0, buffer.position());
    return new String(buffer.array(), 0, end, ISO_8859_1);
  }

  @Test
  void aPercentThatStartsNoEscapeIsHandedOnAsPercent25AndTheTargetKeptAsSent() {
    assertThat(read("GET /?s=100%&t=%zz%41 HTTP/1.1\r\n"))
        .isEqualTo("GET /?s=100%25&t=%25zz%41 HTTP/1.1\r\n");
    assertThat(line.done()).isTrue();
    assertThat(line.originalTarget()).isEqualTo("/?s=100%&t=%zz%41");
    assertThat(line.unsupportedVersion()).isFalse();
  }

  @Test
  void aLineWithValidEscapesIsLeftAloneAndKeepsNothing() {
    assertThat(read("GET /a%20b?c=%41 HTTP/1.1\r\n")).isEqualTo("GET /a%20b?c=%41 HTTP/1.1\r\n");
    assertThat(line.originalTarget()).isNull();
  }

  @Test
  void aTargetOverTwoReadsIsKeptWhole() {
    assertThat(read("GET /ab")).isEqualTo("GET /ab");
    assertThat(read("c?x=%zz HTTP/1.1\r\n")).isEqualTo("c?x=%25zz HTTP/1.1\r\n");
    assertThat(line.originalTarget()).isEqualTo("/abc?x=%zz");
  }

  @Test
  void aPercentAtTheEndOfAReadIsHeldForTheNext() {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    buffer.put("GET /?s=1%".getBytes(ISO_8859_1));
    line.scan(buffer, 0, buffer.position());
    assertThat(line.heldFrom()).isEqualTo(9);
    assertThat(line.done()).isFalse();
  }

  @Test
  void versionsOtherThan1xAreUnsupported() {
    read("GET / HTTP/9.9\r\n");
    assertThat(line.unsupportedVersion()).isTrue();
    line.reset();
    read("GET / HTTP/1.2\r\n");
    assertThat(line.unsupportedVersion()).isFalse();
    line.reset();
    read("GET / HTTP/1.0\r\n");
    assertThat(line.unsupportedVersion()).isFalse();
    line.reset();
    read("GET /\r\n");
    assertThat(line.unsupportedVersion()).as("no version: the parser's to judge").isFalse();
  }
}
