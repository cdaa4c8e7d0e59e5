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
 * child process with a 128 MiB heap, under every attack (about a minute).
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
    assertEquals(7, rows.size(), table);
    for (ReliabilitySuite.Row row : rows) {
      assertTrue(row.passed(), () -> row.attack() + " failed: " + row.measured() + "\n" + table);
    }
    assertTrue(
        rows.get(0).measured().matches("\\d{3,} variants, 0 reached .*true"),
        rows.get(0).measured());
  }
}
