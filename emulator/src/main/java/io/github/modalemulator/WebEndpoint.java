package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The old name of {@link FastapiEndpoint} ({@code @modal.web_endpoint}, renamed in v0.73.82). It
 * behaves exactly like {@link FastapiEndpoint}, and the emulator warns once per function, naming
 * the replacement.
 *
 * @deprecated use {@link FastapiEndpoint}, which takes the same attributes.
 */
@Deprecated(since = "0.73.82", forRemoval = true)
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WebEndpoint {
  /** The route's one HTTP method. */
  String method() default "GET";

  /** Subdomain label; empty for the default one. */
  String label() default "";

  /** Serve {@code /docs}, {@code /redoc} and {@code /openapi.json}. */
  boolean docs() default false;

  /** Require a proxy auth token. */
  boolean requiresProxyAuth() default false;

  /** Host names that route to this function besides its label URL. */
  String[] customDomains() default {};
}
