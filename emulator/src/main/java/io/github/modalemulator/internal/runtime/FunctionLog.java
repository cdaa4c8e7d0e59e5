package io.github.modalemulator.internal.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A function's log, as the cloud keeps one per function: what its containers said about starting,
 * stopping and failing. Lines go to SLF4J (logger {@code io.github.modalemulator.function.NAME})
 * and are kept, the newest {@value #CAPACITY}, so tests can read them.
 */
public final class FunctionLog {
  static final int CAPACITY = 1000;

  private final Logger logger;
  private final Deque<String> lines = new ArrayDeque<>();

  public FunctionLog(String functionName) {
    this.logger = LoggerFactory.getLogger("io.github.modalemulator.function." + functionName);
  }

  public void info(String message) {
    logger.info(message);
    keep(message);
  }

  public void warn(String message) {
    logger.warn(message);
    keep(message);
  }

  /** The message, then the throwable's whole stack trace, as separate lines. */
  public void error(String message, Throwable failure) {
    logger.error(message, failure);
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    keep(message);
    trace.toString().lines().forEach(this::keep);
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
