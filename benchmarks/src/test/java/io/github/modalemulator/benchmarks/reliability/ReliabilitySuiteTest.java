package io.github.modalemulator.benchmarks.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reliability suite's short version, in every build: the emulator.jar this build made, as a
 * child process with a 128 MiB heap, under every attack (about a minute), and a second child whose
 * function runs the heap out.
 */
class ReliabilitySuiteTest {
  @Test
  @Timeout(240)
  void everyAttackLeavesTheEmulatorServingAndItStopsCleanly() throws Exception {
    Path jar = Path.of("../emulator/target/emulator.jar").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), jar + " is missing: build the emulator module first");
    String classes = Path.of("target/classes").toAbsolutePath().toString();
    List<ReliabilitySuite.Row> rows =
        ReliabilitySuite.run(ReliabilitySuite.Options.quick(jar, classes));
    String table = ReliabilitySuite.table(rows);
    System.out.println(table);
    assertEquals(15, rows.size(), table);
    for (ReliabilitySuite.Row row : rows) {
      assertTrue(row.passed(), () -> row.attack() + " failed: " + row.measured() + "\n" + table);
    }
    for (ReliabilitySuite.Row fuzzer : rows.subList(0, 2)) {
      assertTrue(
          fuzzer
              .measured()
              .matches(
                  "\\d{3,} variants: \\d{3,} requests without a valid token, 0 reached a guarded"
                      + " function; \\d+ with one, 0 refused.*"),
          fuzzer.measured());
    }
    assertTrue(
        rows.get(4).measured().contains("200 of 200 got 408 and were closed"),
        rows.get(4).measured());
  }
}
