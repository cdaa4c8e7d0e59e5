package io.github.modalemulator.emulator;

import java.time.Instant;
import java.util.List;

/**
 * One call of a function as the emulator saw it (newest {@value
 * io.github.modalemulator.internal.calls.CallLedger#CAPACITY} kept), for assertions and the
 * dashboard. Values are as they crossed the boundary, read back as plain JSON values (maps, lists,
 * strings, numbers, booleans, null).
 *
 * @param id the call's id ({@code fc-...})
 * @param function its name ({@code process}, {@code Model.predict})
 * @param verb how it was called: {@code remote}, {@code spawn}, {@code map}, {@code remote_gen}
 * @param arguments the arguments, in order
 * @param containerId the container that ran it ({@code stub} for a stub); null while queued
 * @param status {@code queued}, {@code running}, {@code success}, {@code failure}, {@code timeout}
 *     or {@code cancelled}
 * @param result the result of a successful call (a generator's items as a list); null otherwise
 * @param error what a failed call threw ({@code java.lang.IllegalStateException: boom}); null
 *     otherwise
 * @param queuedAt when it was made
 */
public record RecordedCall(
    String id,
    String app,
    String function,
    String verb,
    List<Object> arguments,
    String containerId,
    String status,
    Object result,
    String error,
    Instant queuedAt) {
  public RecordedCall {
    arguments = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(arguments));
  }

  /** Whether it ended, well or not. */
  public boolean ended() {
    return !status.equals("queued") && !status.equals("running");
  }
}
