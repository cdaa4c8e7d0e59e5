package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exposes a function as a one-route web endpoint, the Java face of {@code
 * @modal.fastapi_endpoint(...)}: the cloud wraps it in a FastAPI app with one route, {@code /}, for
 * one method, with CORS open to every origin.
 *
 * <pre>{@code
 * @Function
 * @FastapiEndpoint(method = "POST")
 * public static Map<String, Object> handler(Map<String, Object> data) {
 *   return Map.of("processed", data);
 * }
 * }</pre>
 *
 * <p>Parameters bind by FastAPI's rules: scalars (strings, numbers, booleans, enums, dates, UUIDs,
 * {@code Optional}s and lists of these) come from the query string, a map, record or bean is the
 * JSON body, a {@link Request} parameter is injected; {@link Query}, {@link Header}, {@link Body}
 * and {@link Depends} override that. The return value is sent as JSON; a {@link Response} or {@link
 * StreamingResponse} is sent as it is; an {@link HttpException} becomes its status and {@code
 * {"detail": ...}}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface FastapiEndpoint {
  /** The route's one HTTP method (GET, POST, PUT, DELETE, PATCH, ...). */
  String method() default "GET";

  /** Subdomain label; empty for the default {@code {app}-{function}}. Never normalised. */
  String label() default "";

  /** Serve {@code /docs}, {@code /redoc} and {@code /openapi.json}. */
  boolean docs() default false;

  /** Require {@code Modal-Key} and {@code Modal-Secret} headers holding a proxy auth token. */
  boolean requiresProxyAuth() default false;

  /** Host names that route to this function besides its label URL. */
  String[] customDomains() default {};
}
