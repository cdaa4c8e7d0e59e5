package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exposes any HTTP server the function starts, the Java face of {@code @modal.web_server(port)}. At
 * container start the method runs once on a thread of its own: it may start a process and return,
 * or serve forever itself. Once the port accepts connections, requests are forwarded to it.
 *
 * <pre>{@code
 * @Function
 * @WebServer(8000)
 * public static void fileServer() throws IOException {
 *   new ProcessBuilder("python3", "-m", "http.server", "-d", "/", "8000").start();
 * }
 * }</pre>
 *
 * <p>Processes the function starts are stopped with its container. A web server function runs at
 * most one container, since it owns a port.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WebServer {
  /**
   * The port the server listens on. In the cloud the edge connects from outside the container, so
   * the server binds every interface there: bind {@link ExecutionContext#bindAddress()}.
   */
  int value();

  /** Seconds to wait for the port to accept connections. */
  double startupTimeout() default 5.0;

  /** Subdomain label; empty for the default {@code {app}-{function}}. Never normalised. */
  String label() default "";

  /** Host names that route to this function besides its label URL. */
  String[] customDomains() default {};

  /** Require {@code Modal-Key} and {@code Modal-Secret} headers holding a proxy auth token. */
  boolean requiresProxyAuth() default false;
}
