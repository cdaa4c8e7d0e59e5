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
  GENERATION,

  /**
   * Each container of a web function is a child JVM running the {@code container} command behind
   * the edge, as each container of the cloud is a process: its own environment (the function's
   * {@code env} and its secrets' keys, read by {@code System.getenv} and so by any framework), a
   * heap capped by the function's {@code memory} ({@code -Xmx}), its {@code jvmOptions}, and a
   * crash boundary (a JVM that exits or runs out of memory fails only its container, which is
   * replaced). Costs a JVM start per container (about a second), so choose it for what needs it: a
   * service that reads its configuration from the environment (Spring Boot, say), heap limits, code
   * that may crash the JVM. Functions that code calls still run in the emulator's JVM.
   */
  PROCESS
}
