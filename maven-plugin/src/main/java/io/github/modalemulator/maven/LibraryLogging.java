package io.github.modalemulator.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Undertow's, XNIO's and JBoss Threads' logging while the emulator runs in Maven's JVM: through
 * SLF4J, which in a build is Maven's own logger, from warnings up. Left alone, jboss-logging finds
 * no Logback beside SLF4J, falls back to java.util.logging and prints two-line INFO records on
 * standard error (library versions, "starting server: Undertow"), noise between a goal's lines; its
 * warnings and errors now read as Maven's {@code [WARNING]} and {@code [ERROR]} lines. The command
 * line does the same for its own JVM ({@code ServeLoop.quietLibraryLogging}).
 *
 * <p>System properties are how both libraries are configured; only those the user hasn't set are
 * set ({@code -Dorg.slf4j.simpleLogger.log.io.undertow=debug} still shows Undertow's debugging),
 * and {@link #close()} clears them again, so that the rest of the build's plugins get Maven's
 * defaults. What was configured meanwhile stays: jboss-logging picks its provider once, and Maven's
 * logger fixes a logger's level when the logger is made, at Undertow's start.
 */
final class LibraryLogging implements AutoCloseable {
  private static final Map<String, String> QUIET =
      Map.of(
          "org.jboss.logging.provider", "slf4j",
          "org.slf4j.simpleLogger.log.org.xnio", "warn",
          "org.slf4j.simpleLogger.log.io.undertow", "warn",
          "org.slf4j.simpleLogger.log.org.jboss", "warn");

  private final List<String> set;

  private LibraryLogging(List<String> set) {
    this.set = set;
  }

  /** Sets the properties the user hasn't; {@link #close()} clears those again. */
  static LibraryLogging quiet() {
    List<String> set = new ArrayList<>();
    synchronized (System.getProperties()) {
      QUIET.forEach(
          (key, value) -> {
            if (System.getProperty(key) == null) {
              System.setProperty(key, value);
              set.add(key);
            }
          });
    }
    return new LibraryLogging(set);
  }

  @Override
  public void close() {
    synchronized (System.getProperties()) {
      for (String key : set) {
        // Another goal's value, if one was set since, stays.
        if (QUIET.get(key).equals(System.getProperty(key))) {
          System.clearProperty(key);
        }
      }
    }
  }
}
