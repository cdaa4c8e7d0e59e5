package io.github.modalemulator.internal.listen;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The chunk framing as a body's bytes go by, in reads of any size: sizes and trailer lines. */
class ChunkScannerTest {
  private final ChunkScanner scanner = new ChunkScanner(1024);

  private void scan(String bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes.getBytes(ISO_8859_1));
    scanner.scan(buffer, 0, buffer.limit());
  }

  @Test
  void aBodyEndsAtTheEmptyLineAfterItsTrailers() throws Exception {
    scan("3\r\nabc\r\n0\r\nx-t: v\r\nx-u:\r\n");
    assertThat(scanner.done()).isFalse();
    scan("\r\n");
    assertThat(scanner.done()).isTrue();
  }

  @Test
  void bareLineFeedsEndLinesAsUndertowsReaderTakesThem() throws Exception {
    scan("0\nx-t: v\n\n");
    assertThat(scanner.done()).isTrue();
  }

  @Test
  void aTrailerLineSplitAcrossReadsIsFollowed() throws Exception {
    scan("0\r\nx-");
    scan("t: v\r");
    scan("\n\r");
    scan("\n");
    assertThat(scanner.done()).isTrue();
  }

  @Test
  void aLineThatIsNoFieldIsRefused() {
    for (String trailers : new String[] {"x3\r\nabc\r\n", "x-t : v\r\n", ": v\r\n", " x: v\r\n"}) {
      ChunkScanner fresh = new ChunkScanner(1024);
      ByteBuffer bytes = ByteBuffer.wrap(("0\r\n" + trailers).getBytes(ISO_8859_1));
      assertThatThrownBy(() -> fresh.scan(bytes, 0, bytes.limit()))
          .as(trailers)
          .hasMessage("modal-http: the request body's trailer section has a line that is no field");
    }
  }

  @Test
  void aNulOrACrThatEndsNoLineIsRefused() {
    assertThatThrownBy(() -> scan("0\r\nx: a\0b\r\n"))
        .hasMessage("modal-http: the request body's trailer section has a NUL in a field value");
    ChunkScanner fresh = new ChunkScanner(1024);
    ByteBuffer bytes = ByteBuffer.wrap("0\r\nx: a\rb\r\n".getBytes(ISO_8859_1));
    assertThatThrownBy(() -> fresh.scan(bytes, 0, bytes.limit()))
        .hasMessage("modal-http: the request body's trailer section has a CR that ends no line");
  }

  @Test
  void aTrailerSectionOverItsLimitIsRefused() throws Exception {
    scan("0\r\nx: ");
    String half = "v".repeat(ChunkScanner.TRAILER_LIMIT / 2);
    scan(half);
    assertThatThrownBy(() -> scan(half))
        .hasMessage("modal-http: the request body's trailer section is longer than 16384 bytes");
  }
}
