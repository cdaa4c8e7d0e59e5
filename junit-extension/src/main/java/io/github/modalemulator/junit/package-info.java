/**
 * JUnit 5 support: {@link io.github.modalemulator.junit.ModalEmulator} on a test class, or {@link
 * io.github.modalemulator.junit.ModalEmulatorExtension} registered programmatically; parameters
 * {@code Emulator}, {@code @WebUrl String} and {@code @FunctionSpec RequestSpecification}.
 */
package io.github.modalemulator.junit;
