package io.github.modalemulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a REST Assured {@code RequestSpecification} that reaches a web function through the
 * emulator, with no DNS and no {@code Host} header to set: its base URI is the function's label URL
 * (or one of its custom domains) and the emulator is its HTTP proxy.
 *
 * <pre>{@code
 * void secure(@FunctionSpec(value = "secureEndpoint", proxyAuth = true) RequestSpecification api) {
 *   given(api).body(Map.of("a", 1)).contentType(JSON).post("/").then().statusCode(200);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FunctionSpec {
  /** The function: {@code hello}, {@code MyAPI.health}, or its Python twin's {@code my_hello}. */
  String value();

  /** The {@code @App} name, when two apps have a function of that name. */
  String app() default "";

  /** One of the function's custom domains to reach it by, instead of its label URL. */
  String domain() default "";

  /** Sends the emulator's first proxy auth token ({@code Modal-Key}, {@code Modal-Secret}). */
  boolean proxyAuth() default false;
}
