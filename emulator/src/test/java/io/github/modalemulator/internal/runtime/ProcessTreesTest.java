package io.github.modalemulator.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessTreesTest {
  @Test
  void returnsOnlyOnceAChildThatEndsLaterThanItsParentHasEndedToo() throws Exception {
    // The parent ends at once on SIGTERM; its child takes a second to end, as a dev server that
    // closes its connections does after the `npm run` that started it has gone.
    Process parent =
        new ProcessBuilder(
                "sh",
                "-c",
                "sh -c 'trap \"sleep 1; exit 0\" TERM; echo ready; while true; do sleep 0.05; done'"
                    + " & wait")
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(new String(parent.getInputStream().readNBytes(6))).isEqualTo("ready\n");
      List<ProcessHandle> child = parent.toHandle().children().toList();
      assertThat(child).hasSize(1);

      ProcessTrees.stop(List.of(parent.toHandle()));

      assertThat(parent.isAlive()).isFalse();
      assertThat(child.get(0).isAlive()).isFalse();
    } finally {
      parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      parent.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
