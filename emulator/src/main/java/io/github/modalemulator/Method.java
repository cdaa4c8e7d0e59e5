package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes an instance method of a {@link Cls} class a function of its own that other code calls
 * ({@link RemoteFunction#remote}, {@code spawn}, {@code map}...): the Java face of {@code
 * @modal.method()}. It runs in the class's containers, on the instance that their {@link Enter}
 * methods set up, under the class's {@code @Cls} and {@link Concurrent} settings; its name is {@code
 * MyClass.method}. A method that returns a {@link java.util.stream.Stream} or an {@link
 * java.util.Iterator} is a generator: call it with {@link RemoteFunction#remoteGen}.
 *
 * <pre>{@code
 * @Cls(gpu = "A10G")
 * public static class Model {
 *   @Enter
 *   void load() { ... }
 *
 *   @Method
 *   public String predict(String text) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Method {}
