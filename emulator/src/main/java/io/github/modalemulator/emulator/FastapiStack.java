package io.github.modalemulator.emulator;

/**
 * Which FastAPI, Starlette and pydantic releases a {@code @FastapiEndpoint} answers as. In the
 * cloud that is whatever the function's image installs, so it is a choice: {@link #CURRENT} (the
 * default) for a fresh image, {@link #LEGACY} for an image pinned to the releases before
 * Starlette's CORS change of February 2026.
 *
 * <pre>{@code
 * Emulator.builder().apps(ShopApp.class).fastapiStack(FastapiStack.LEGACY).start();
 * }</pre>
 *
 * <p>Both answer alike but for CORS headers, a JSON body sent without a {@code Content-Type} and
 * the {@code ValidationError} schema of {@code /openapi.json}.
 */
public enum FastapiStack {
  /**
   * FastAPI 0.142.2, Starlette 1.7.0, pydantic 2.13.5 (late 2026). With the cloud's CORS settings
   * every response carries {@code Vary: Origin}, a request's {@code Origin} is always echoed, a
   * preflight allows {@code QUERY} and refuses private-network access; a JSON body needs a JSON
   * {@code Content-Type}.
   */
  CURRENT("FastAPI 0.142.2, Starlette 1.7.0, pydantic 2.13.5"),

  /**
   * The releases before Starlette's CORS change (Kludex/starlette#3137, February 2026): Starlette
   * 0.26 (as in Debian 12) up to early 2026, with FastAPI 0.100 to 0.131 and pydantic 2. Requests
   * with {@code Origin} get {@code Access-Control-Allow-Origin: *}, and their origin echoed only
   * when they send a cookie; a body without {@code Content-Type} is read as JSON.
   */
  LEGACY("FastAPI 0.100 to 0.131, Starlette before Kludex/starlette#3137, pydantic 2");

  private final String releases;

  FastapiStack(String releases) {
    this.releases = releases;
  }

  /** The releases this setting answers for, as text ({@code "FastAPI 0.142.2, ..."}). */
  public String releases() {
    return releases;
  }
}
