package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter from the request's headers, as FastAPI's {@code Header()}. Without a name, the
 * parameter's name with underscores as dashes is used ({@code userAgent} reads {@code user-agent}).
 *
 * <pre>{@code
 * public static Map<String, Object> search(@Header String userAgent) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Header {
  /** The header name to read; empty for the parameter's name. */
  String value() default "";
}
