package io.github.modalemulator.emulator;

/**
 * How much of an app's classes its containers share. In every mode user code sees only the JDK, the
 * public API, the types its endpoint kind exchanges and its own class path, never the emulator's
 * own dependencies; this setting says whether each container also has classes of its own.
 */
public enum Isolation {
  /**
   * The default, as the cloud runs it: each container loads the app's classes (and its libraries')
   * anew, so static state (a counter, a cache, a singleton) is per container, and four containers
   * of a function with a static counter each count from the start.
   */
  CONTAINER,

  /**
   * Every container of a generation runs the classes the emulator was given: static state is shared
   * by all containers (and, in a test, with the test class, which may then read an app's statics).
   * Gives up the cloud's behaviour: code that works only because containers share a static, or that
   * races on one only because they do, passes here and behaves differently in the cloud. Prefer the
   * typed clients, the journal ({@code Emulator.requests()}) or calls to read what an app did.
   */
  GENERATION
}
