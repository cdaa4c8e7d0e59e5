package io.github.modalemulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a web function's label URL ({@code http://local--my-app-hello.localhost:54321}) into a
 * {@code String} or {@code java.net.URI} parameter.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface WebUrl {
  /** The function: {@code hello}, {@code MyAPI.health}, or its Python twin's {@code my_hello}. */
  String value();

  /** The {@code @App} name, when two apps have a function of that name. */
  String app() default "";
}
