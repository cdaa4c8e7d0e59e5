package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter from the request's query string, as FastAPI's {@code Query()}: needed only to
 * name the key differently from the parameter.
 *
 * <pre>{@code
 * public static Map<String, Object> search(@Query("q") String query) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Query {
  /** The query key to read; empty for the parameter's name. */
  String value() default "";
}
