package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code static} method of an {@link App} class a function, the Java face of
 * {@code @app.function(...)}. A web annotation ({@link AsgiApp}, ...) on the same method exposes it
 * over HTTP.
 *
 * <pre>{@code
 * @Function(timeout = 60, maxContainers = 4)
 * @AsgiApp
 * public static HttpHandler createApp() { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Function {
  /** Seconds one input may run before it fails; the cloud's default is 300. */
  int timeout() default 300;

  /** Containers kept running even with no traffic. */
  int minContainers() default 0;

  /** Upper bound on containers; 0 means no limit. */
  int maxContainers() default 0;

  /** Idle containers kept on top of current demand. */
  int bufferContainers() default 0;

  /** Seconds an idle container lives before it is stopped (2 to 1200). */
  int scaledownWindow() default 60;
}
