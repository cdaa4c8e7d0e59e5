package io.github.modalemulator.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.maven.plugin.logging.Log;

/**
 * A child process whose output (standard output and error, as they come) goes line by line into
 * Maven's log, so that it reads as the build's own lines and reaches wherever the build's output
 * goes (a {@code -l} file, an IDE's console), which inherited streams don't.
 */
final class LoggedProcess {
  private LoggedProcess() {}

  /**
   * Runs {@code builder}'s command to its end.
   *
   * @return the exit status
   */
  static int run(ProcessBuilder builder, Log log) throws IOException, InterruptedException {
    return run(builder, log, line -> {}, null).orElseThrow();
  }

  /**
   * Runs {@code builder}'s command to its end, or until {@code limit}.
   *
   * @param lines sees each line after the log has
   * @param limit how long it may take; none when null
   * @return the exit status; empty when the limit passed (the process is then destroyed)
   */
  static OptionalInt run(ProcessBuilder builder, Log log, Consumer<String> lines, Duration limit)
      throws IOException, InterruptedException {
    Process process = builder.redirectErrorStream(true).start();
    // Read on a thread of its own, so that the wait below can give up on a process that hangs.
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  log.info(line);
                  lines.accept(line);
                }
              } catch (IOException e) {
                // The stream closed under the reader: the process was destroyed, which the
                // caller reports.
              }
            },
            "output of " + builder.command().get(0));
    pump.setDaemon(true);
    pump.start();
    try {
      if (limit == null) {
        process.waitFor();
      } else if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        process.destroyForcibly();
        return OptionalInt.empty();
      }
      // The last lines may still be on their way to the log.
      pump.join(TimeUnit.SECONDS.toMillis(10));
      return OptionalInt.of(process.exitValue());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }
}
