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

  /** Shared by every class that asked for these settings; closed by the run's end, not here. */
  boolean shared() {
    return !owner;
  }

  @Override
  public void close() {
    if (owner) {
      emulator.close(); // idempotent, so a JUnit that closes both ways is fine
    }
  }

  /** A holder the running JUnit will close, whatever its version. */
  static Holder of(Emulator emulator, boolean owner) {
    if (LEGACY == null) {
      return new Holder(emulator, owner);
    }
    try {
      return (Holder)
          LEGACY.getDeclaredConstructor(Emulator.class, boolean.class).newInstance(emulator, owner);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@link Legacy}, where JUnit still has {@code CloseableResource}; else null. Reached only by
   * reflection, so that nothing loads it where that type is gone.
   */
  private static final Class<?> LEGACY = legacyHolder();

  private static Class<?> legacyHolder() {
    try {
      Class.forName(
          "org.junit.jupiter.api.extension.ExtensionContext$Store$CloseableResource",
          false,
          ExtensionContext.class.getClassLoader());
      return Class.forName(Holder.class.getName() + "$Legacy");
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** Loaded (by reflection) only where {@code CloseableResource} exists. */
  @SuppressWarnings({"deprecation", "removal"}) // deprecated in 5.13, for removal in 6
  static final class Legacy extends Holder implements ExtensionContext.Store.CloseableResource {
    Legacy(Emulator emulator, boolean owner) {
      super(emulator, owner);
    }
  }
}
