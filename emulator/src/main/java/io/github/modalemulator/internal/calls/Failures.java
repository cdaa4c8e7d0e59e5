package io.github.modalemulator.internal.calls;

import io.github.modalemulator.RemoteFunctionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** What a function threw, made into what its caller gets: type, message and frames, causes too. */
public final class Failures {
  private Failures() {}

  /** The exception of {@code function}'s code, for its caller. */
  public static RemoteFunctionException of(String function, Throwable thrown) {
    return new RemoteFunctionException(function, chain(thrown, new IdentityHashMap<>()));
  }

  private static RemoteFunctionException.Thrown chain(
      Throwable thrown, Map<Throwable, Boolean> seen) {
    seen.put(thrown, true);
    Throwable cause = thrown.getCause();
    RemoteFunctionException.Thrown next =
        cause == null || seen.containsKey(cause) ? null : chain(cause, seen);
    return new RemoteFunctionException.Thrown(
        thrown.getClass().getName(), thrown.getMessage(), ownFrames(thrown), next);
  }

  /**
   * The frames of the function's code: those below the reflective call that the emulator made are
   * the emulator's, not the caller's concern.
   */
  private static List<StackTraceElement> ownFrames(Throwable thrown) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (StackTraceElement frame : Arrays.asList(thrown.getStackTrace())) {
      String type = frame.getClassName();
      if (type.startsWith("jdk.internal.reflect.")
          || type.startsWith("java.lang.reflect.Method")
          || type.startsWith("io.github.modalemulator.internal.")) {
        break;
      }
      frames.add(frame);
    }
    return frames.isEmpty() ? Arrays.asList(thrown.getStackTrace()) : frames;
  }
}
