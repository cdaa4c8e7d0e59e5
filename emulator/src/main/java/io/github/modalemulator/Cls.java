package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@code static} nested class of an {@link App} class a class of the app, the Java face of
 * {@code @app.cls(...)}. Each container makes one instance of it (with its no-argument
 * constructor), runs its {@link Enter} methods, then serves its web methods: instance methods
 * carrying a web annotation ({@link FastapiEndpoint}, {@link AsgiApp}, {@link WsgiApp}, {@link
 * WebServer}). Instance state lives as long as the container. The web methods share the class's
 * containers and these settings; {@link Concurrent} on the class sets how many inputs a container
 * takes at once. {@link Parameter} fields make each distinct set of values (from the request's
 * query string) a pool of containers of its own.
 *
 * <pre>{@code
 * @Cls
 * public static class MyAPI {
 *   @FastapiEndpoint(method = "GET")
 *   public Map<String, String> health() { return Map.of("status", "healthy"); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Cls {
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
