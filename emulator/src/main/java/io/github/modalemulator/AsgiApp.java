package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves a whole web application from a function, the Java face of {@code @modal.asgi_app()}. The
 * method is {@code static}, takes no parameters, is not asynchronous, and returns an Undertow
 * {@code io.undertow.server.HttpHandler}, the JVM's non-blocking web-app standard as ASGI is
 * Python's.
 *
 * <pre>{@code
 * @Function
 * @AsgiApp(label = "my-api", customDomains = "api.example.com")
 * public static HttpHandler createApp() {
 *   return new RoutingHandler().get("/", exchange -> exchange.getResponseSender().send("hi"));
 * }
 * }</pre>
 *
 * <p>The method runs once per container, when the container starts; every request the container
 * takes then goes to the handler it returned. A handler that also implements {@link AutoCloseable}
 * is closed when its container stops (the app's shutdown hook).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AsgiApp {
  /** Subdomain label; empty for the default {@code {app}-{function}}. Never normalised. */
  String label() default "";

  /** Host names that route to this function besides its label URL. */
  String[] customDomains() default {};

  /** Require {@code Modal-Key} and {@code Modal-Secret} headers holding a proxy auth token. */
  boolean requiresProxyAuth() default false;
}
