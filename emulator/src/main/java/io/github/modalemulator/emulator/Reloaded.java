package io.github.modalemulator.emulator;

import java.util.List;

/**
 * What {@link Emulator#reload(Class[])} changed.
 *
 * @param generation which generation of the apps serves now (1 at start, one more per reload)
 * @param added web functions that are new
 * @param changed web functions whose URL, domains, kind or proxy auth changed
 * @param removed web functions no longer served
 * @param drained whether every request of the old generation finished before it stopped (false: the
 *     stop timeout cut some short)
 */
public record Reloaded(
    int generation,
    List<WebFunction> added,
    List<WebFunction> changed,
    List<WebFunction> removed,
    boolean drained) {
  public Reloaded {
    added = List.copyOf(added);
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
  }
}
