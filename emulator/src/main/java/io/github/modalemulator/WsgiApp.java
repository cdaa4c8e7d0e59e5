package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves a synchronous web application from a function, the Java face of {@code
 * @modal.wsgi_app()}. The method is {@code static}, takes no parameters, is not asynchronous, and
 * returns the Servlet API's form of an app, the JVM's synchronous web standard as WSGI is Python's:
 *
 * <ul>
 *   <li>a {@code jakarta.servlet.Servlet} (plain servlets, Jersey, Spring MVC's DispatcherServlet),
 *       deployed at context {@code /} and mapped to {@code /*}, async supported, its class's
 *       {@code @MultipartConfig} read: its {@code init} runs at container start, its {@code
 *       destroy} at container stop;
 *   <li>or a {@code jakarta.servlet.ServletContainerInitializer}: a whole servlet application
 *       (servlets, filters, listeners) that the initializer sets up on a real {@code
 *       ServletContext}, as a servlet container deploys a WAR. It is handed the classes of its
 *       {@code @HandlesTypes} found in the {@code @App} class's package and below. A Spring Boot app
 *       with a {@code SpringBootServletInitializer} returns {@code new
 *       SpringServletContainerInitializer()}.
 * </ul>
 *
 * <pre>{@code
 * @Function
 * @WsgiApp(label = "flask-app", customDomains = "www.example.com")
 * public static Servlet createApp() {
 *   return new HttpServlet() { ... };
 * }
 * }</pre>
 *
 * <p>Servlets without a {@code @MultipartConfig} read multipart forms within the emulator's
 * request body limit. The runtime adds no CORS headers: configure CORS in the app.
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
