package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter from the JSON body, as FastAPI's {@code Body()}: needed only for a scalar type,
 * which would otherwise come from the query string.
 *
 * <pre>{@code
 * public static Map<String, Object> rename(@Body String name) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Body {}
