package io.github.modalemulator.cli;

import io.github.modalemulator.internal.export.JavaRelease;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An app class compiled for a newer Java than the one running the emulator: not a usage mistake, so
 * the commands print this plain message (which Java the class needs, which one runs, and the two
 * ways out) and exit 1, without the usage text that would bury it.
 */
final class NewerClassVersion extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // The JVM's own words: "a/B has been compiled by a more recent version of the Java Runtime
  // (class file version 65.0), this version of the Java Runtime only recognizes class file
  // versions up to 61.0"
  private static final Pattern JVM_MESSAGE =
      Pattern.compile("^(\\S+) has been compiled .*\\(class file version (\\d+)\\.\\d+\\)");

  private NewerClassVersion(String message, Throwable cause) {
    super(message, cause);
  }

  /** For {@code loading}, the app class named, whose loading (or a class it needs) failed so. */
  static NewerClassVersion of(String loading, UnsupportedClassVersionError error) {
    int running = Runtime.version().feature();
    Matcher found = JVM_MESSAGE.matcher(String.valueOf(error.getMessage()));
    if (!found.find()) {
      return new NewerClassVersion(
          "class "
              + loading
              + " is compiled for a newer Java than this JVM's Java "
              + running
              + " ("
              + error.getMessage()
              + "): run the emulator with that Java, or compile with --release "
              + running,
          error);
    }
    String compiled = found.group(1).replace('/', '.');
    int release = JavaRelease.ofMajorVersion(Integer.parseInt(found.group(2)));
    return new NewerClassVersion(
        "class "
            + compiled
            + (compiled.equals(loading) ? "" : " (needed by " + loading + ")")
            + " is compiled for Java "
            + release
            + ", and this JVM is Java "
            + running
            + ": run the emulator with Java "
            + release
            + " or later (java from that JDK, or JAVA_HOME for the Maven plugin), or compile"
            + " for Java "
            + running
            + " (--release "
            + running
            + ")",
        error);
  }
}
