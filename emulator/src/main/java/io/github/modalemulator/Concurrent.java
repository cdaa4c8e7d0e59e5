package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets one container take several inputs at once, the Java face of {@code
 * @modal.concurrent(max_inputs=..., target_inputs=...)}: on a {@link Function} method or on a
 * {@link Cls} class. Inputs run on threads of their own, so the code they share must be
 * thread-safe. Without it a container takes one input at a time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Concurrent {
  /** Inputs one container takes at once, 1 to 1000. */
  int maxInputs();

  /**
   * Inputs per container the autoscaler aims for, at most {@link #maxInputs()}; 0 means {@code
   * maxInputs}. Containers take up to {@code maxInputs} only when no more containers may start.
   */
  int targetInputs() default 0;
}
