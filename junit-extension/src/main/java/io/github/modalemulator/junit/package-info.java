/**
 * JUnit 5 support: {@code @ModalEmulator} and {@code ModalEmulatorExtension}. The extension itself
 * arrives with its own issue; until then, start an {@code Emulator} in {@code @BeforeAll}.
 */
package io.github.modalemulator.junit;
