package io.github.modalemulator.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Before the test (each test, on a class), stops the idle containers the scaling settings don't
 * keep, so the test's first request meets a cold start, {@code @Enter} runs again, and instance
 * state starts over. Their {@code @Exit} hooks have run before the test starts.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface FreshContainers {}
