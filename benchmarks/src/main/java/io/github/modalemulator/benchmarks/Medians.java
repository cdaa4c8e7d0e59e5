package io.github.modalemulator.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The benchmarks' one statistic, the median (robust to a noisy round), and their results file. */
final class Medians {
  private Medians() {}

  /** Adds a report to the results file, creating it if need be. */
  static void append(Path results, String report) throws IOException {
    Files.writeString(
        results,
        report,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  static double of(List<? extends Number> values) {
    List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
