package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter from a form field, as FastAPI's {@code Form()}: the body is then read as a
 * form, url-encoded ({@code application/x-www-form-urlencoded}) or multipart ({@code
 * multipart/form-data}), never as JSON. The parameter is a string, number, boolean, enum, date or
 * UUID, or an {@code Optional} or {@code List} of one; an empty field counts as missing, as in
 * FastAPI.
 *
 * <pre>{@code
 * // Python: def login(username: str = Form(...), remember: bool = Form(False))
 * public static Map<String, Object> login(@Form String username, @Form Optional<Boolean> remember)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Form {
  /** The field name to read; empty for the parameter's name. */
  String value() default "";
}
