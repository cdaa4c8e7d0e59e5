package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter from a request cookie, as FastAPI's {@code Cookie()}: a string, number,
 * boolean, enum, date or UUID, or an {@code Optional} of one. Cookies are read as Starlette reads
 * them: {@code name=value} pairs split at {@code ;}, trimmed, a quoted value unquoted, the last of
 * a repeated name winning.
 *
 * <pre>{@code
 * // Python: def me(session: str = Cookie(...), theme: Optional[str] = Cookie(None))
 * public static Map<String, Object> me(@Cookie String session, @Cookie Optional<String> theme)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Cookie {
  /** The cookie name to read; empty for the parameter's name. */
  String value() default "";
}
