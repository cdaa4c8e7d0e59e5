package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves a synchronous web application from a function, the Java face of {@code
 * @modal.wsgi_app()}. The method is {@code static}, takes no parameters, is not asynchronous, and
 * returns a {@code jakarta.servlet.Servlet}: the JVM's synchronous web standard, as WSGI is
 * Python's (plain servlets, Jersey, Spring MVC's DispatcherServlet all fit).
 *
 * <pre>{@code
 * @Function
 * @WsgiApp(label = "flask-app", customDomains = "www.example.com")
 * public static Servlet createApp() {
 *   return new HttpServlet() { ... };
 * }
 * }</pre>
 *
 * <p>The servlet is deployed once per container at context {@code /}, mapped to {@code /*}: its
 * {@code init} runs at container start, its {@code destroy} at container stop. The runtime adds no
 * CORS headers: configure CORS in the app.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WsgiApp {
  /** Subdomain label; empty for the default {@code {app}-{function}}. Never normalised. */
  String label() default "";

  /** Host names that route to this function besides its label URL. */
  String[] customDomains() default {};

  /** Require {@code Modal-Key} and {@code Modal-Secret} headers holding a proxy auth token. */
  boolean requiresProxyAuth() default false;
}
