package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as an app, the Java face of {@code app = modal.App("my-app")}. Its {@code static}
 * methods annotated with {@link Function} are the app's functions.
 *
 * <pre>{@code
 * @App("my-app")
 * public class HelloApp {
 *   @Function
 *   @AsgiApp
 *   public static HttpHandler createApp() { ... }
 * }
 * }</pre>
 *
 * <p>The name becomes part of every default label ({@code my-app-create-app}). Like the cloud's app
 * names it may hold letters, digits, dashes, periods and underscores, at most 64 characters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface App {
  /** The app's name. */
  String value();
}
