package io.github.modalemulator.junit;

import io.github.modalemulator.emulator.Emulator;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An emulator in a JUnit store, closed with the store's context when {@code owner}. JUnit 5.13+
 * closes {@link AutoCloseable} values; older versions close {@code CloseableResource} ones, which
 * {@link Legacy} adds where that type exists.
 */
class Holder implements AutoCloseable {
  final Emulator emulator;
  private final boolean owner;

  Holder(Emulator emulator, boolean owner) {
    this.emulator = emulator;
    this.owner = owner;
  }

  @Override
  public void close() {
    if (owner) {
      emulator.close(); // idempotent, so a JUnit that closes both ways is fine
    }
  }

  /** A holder the running JUnit will close, whatever its version. */
  static Holder of(Emulator emulator, boolean owner) {
    return LEGACY ? new Legacy(emulator, owner) : new Holder(emulator, owner);
  }

  private static final boolean LEGACY = legacyCloseableExists();

  private static boolean legacyCloseableExists() {
    try {
      Class.forName(
          "org.junit.jupiter.api.extension.ExtensionContext$Store$CloseableResource",
          false,
          ExtensionContext.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Loaded only where {@code CloseableResource} exists (JUnit 5). */
  @SuppressWarnings({"deprecation", "removal"}) // deprecated in 5.13, for removal in 6
  static final class Legacy extends Holder implements ExtensionContext.Store.CloseableResource {
    Legacy(Emulator emulator, boolean owner) {
      super(emulator, owner);
    }
  }
}
