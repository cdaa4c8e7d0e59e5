package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the result of a dependency, as FastAPI's {@code Depends(provider)}. The provider is a
 * static method ({@link #method()}, in {@link #value()} or else in the endpoint's own class) or a
 * class with one public constructor; its own parameters bind by the same rules as the endpoint's
 * (query, headers, {@link Request}, other dependencies). Each provider runs at most once per
 * request; it may throw {@link HttpException}; a result that is {@link AutoCloseable} is closed
 * after the response is sent, as a FastAPI dependency with {@code yield}.
 *
 * <pre>{@code
 * static Paging paging(int skip, int limit) { return new Paging(skip, limit); }
 *
 * @Function
 * @FastapiEndpoint
 * public static List<Item> items(@Depends(method = "paging") Paging paging) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Depends {
  /** The class holding the provider method, or the provider class itself. */
  Class<?> value() default void.class;

  /** The static provider method's name; empty when {@link #value()} is the provider class. */
  String method() default "";
}
