package io.github.modalemulator.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class IndexPageTest {
  /**
   * A page being rendered for one generation while a reload sets the next must not be kept as the
   * next generation's page: after the reload, every request sees the reload's content.
   */
  @Test
  void aReloadDuringRenderingIsNeverOverwrittenByTheOldPage() throws InterruptedException {
    IndexPage index = new IndexPage();
    for (int round = 0; round < 1_000; round++) {
      index.setContent("w", "old-" + round, false, List.of());
      AtomicBoolean stop = new AtomicBoolean();
      Thread reader =
          new Thread(
              () -> {
                while (!stop.get()) {
                  index.json();
                }
              });
      reader.start();
      index.setContent("w", "new-" + round, false, List.of());
      stop.set(true);
      reader.join();
      assertThat(new String(index.json(), StandardCharsets.UTF_8))
          .as("round %d", round)
          .contains("\"environment\":\"new-" + round + "\"");
    }
  }
}
