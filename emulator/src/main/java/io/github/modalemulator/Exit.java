package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an instance method of a {@link Cls} class when its container stops (scale-down, emulator
 * stop, a replaced container), after the container's apps are closed: the Java face of {@code
 * @modal.exit()}. The method takes no parameters; an exception is logged and the stop goes on.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Exit {}
