package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes an instance field of a {@link Cls} class a parameter of the class, the Java face of {@code
 * x: str = modal.parameter(default=...)}. Each distinct set of parameter values gets containers of
 * its own, as in the cloud; the values arrive as query parameters of the web request, named as the
 * fields ({@code ?model=large&batch=8}), and are set on the instance before its {@link Enter}
 * methods run. Field types are the cloud's: {@code String} (str), {@code long} or {@code int}
 * (int), {@code boolean} (bool), {@code byte[]} (bytes, the value's UTF-8 bytes).
 *
 * <pre>{@code
 * @Cls
 * public static class Model {
 *   @Parameter String name;                          // required: ?name=...
 *   @Parameter(defaultValue = "8") long batch;       // ?batch=16, or 8
 *
 *   @Enter void load() { weights = Weights.load(name); }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Parameter {
  /** What {@link #defaultValue()} is when the parameter has no default (it must then be given). */
  String NO_DEFAULT = "\u0000modal.parameter: no default";

  /** The value when a request gives none, as text of the field's type; none: required. */
  String defaultValue() default NO_DEFAULT;

  /**
   * False: not a parameter (the cloud's {@code init=False}), only a typed field; nothing sets it.
   */
  boolean init() default true;
}
