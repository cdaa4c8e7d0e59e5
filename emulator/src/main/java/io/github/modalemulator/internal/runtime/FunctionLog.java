package io.github.modalemulator.internal.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's log, as the cloud keeps one per function: what its containers said about starting,
 * stopping and failing, which goes to SLF4J (logger {@code io.github.modalemulator.function.NAME}),
 * and what its code printed ({@link ConsoleCapture}), which went to the console already. The newest
 * {@value #CAPACITY} lines are kept, so tests and the dashboard can read them.
 */
public final class FunctionLog {
  static final int CAPACITY = 1000;

  private final Logger logger;
  private final Deque<String> lines = new ArrayDeque<>();
  private final Set<String> warnedOnce = new HashSet<>();

  public FunctionLog(String functionName) {
    this.logger = LoggerFactory.getLogger("io.github.modalemulator.function." + functionName);
  }

  public void info(String message) {
    unattributed(() -> logger.info(message));
    keep(message);
  }

  public void warn(String message) {
    unattributed(() -> logger.warn(message));
    keep(message);
  }

  /** Warns unless this log has warned the same message before: advice, not news, each time. */
  public void warnOnce(String message) {
    synchronized (this) {
      if (!warnedOnce.add(message)) {
        return;
      }
    }
    warn(message);
  }

  /** The message, then the throwable's whole stack trace, as separate lines. */
  public void error(String message, Throwable failure) {
    unattributed(() -> logger.error(message, failure));
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    keep(message);
    trace.toString().lines().forEach(this::keep);
  }

  /** Logs to the console without keeping the logger's own output as the function's. */
  private static void unattributed(Runnable logging) {
    FunctionLog printing = ConsoleCapture.attribute(null);
    try {
      logging.run();
    } finally {
      ConsoleCapture.attribute(printing);
    }
  }

  /** A line the function's code printed, to stdout or stderr. */
  void printed(String line) {
    keep(line);
  }

  private synchronized void keep(String line) {
    if (lines.size() == CAPACITY) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
