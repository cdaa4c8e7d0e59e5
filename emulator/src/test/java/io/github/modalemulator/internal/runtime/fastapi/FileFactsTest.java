package io.github.modalemulator.internal.runtime.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Starlette's etag hashes Python's {@code str(st_mtime)}: these are the strings Python 3.11 prints
 * for {@code seconds + nanoseconds * 1e-9}.
 */
class FileFactsTest {
  @Test
  void timesArePrintedAsPythonPrintsTheirFloats() {
    assertThat(FastapiApp.FileFacts.pythonRepr(1700000000 + 0 * 1e-9)).isEqualTo("1700000000.0");
    assertThat(FastapiApp.FileFacts.pythonRepr(1700000000 + 123456789 * 1e-9))
        .isEqualTo("1700000000.1234567");
    assertThat(FastapiApp.FileFacts.pythonRepr(1765108800 + 999999999 * 1e-9))
        .isEqualTo("1765108801.0");
    assertThat(FastapiApp.FileFacts.pythonRepr(1765108800 + 1000 * 1e-9))
        .isEqualTo("1765108800.000001");
    assertThat(FastapiApp.FileFacts.pythonRepr(1700000000 + 100000000 * 1e-9))
        .isEqualTo("1700000000.1");
    assertThat(FastapiApp.FileFacts.pythonRepr(1 + 500000000 * 1e-9)).isEqualTo("1.5");
    assertThat(FastapiApp.FileFacts.pythonRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
  }
}
