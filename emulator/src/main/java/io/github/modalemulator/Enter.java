package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an instance method of a {@link Cls} class once per container, after the instance is made and
 * before the container builds its apps or serves any input: the Java face of {@code
 * @modal.enter()}. The method takes no parameters; an exception fails the container's start. Several
 * {@code @Enter} methods run in the order of their names.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Enter {}
