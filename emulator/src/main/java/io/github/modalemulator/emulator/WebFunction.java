package io.github.modalemulator.emulator;

import java.util.List;

/**
 * A web function as the running emulator serves it.
 *
 * @param app the {@code @App} name
 * @param name the function's name: its Java method name ({@code createApp})
 * @param kind the cloud's decorator name ({@code asgi_app})
 * @param url its label URL on this emulator ({@code
 *     http://local--my-app-create-app.localhost:9000})
 * @param customDomainUrls one URL per custom domain ({@code http://api.example.com:9000})
 * @param requiresProxyAuth whether a proxy auth token is needed
 * @param labelTruncated whether the label was cut to fit a host name (the serve output says {@code
 *     (label truncated)})
 */
public record WebFunction(
    String app,
    String name,
    String kind,
    String url,
    List<String> customDomainUrls,
    boolean requiresProxyAuth,
    boolean labelTruncated) {
  public WebFunction {
    customDomainUrls = List.copyOf(customDomainUrls);
  }

  /** A web function whose label was not cut. */
  public WebFunction(
      String app,
      String name,
      String kind,
      String url,
      List<String> customDomainUrls,
      boolean requiresProxyAuth) {
    this(app, name, kind, url, customDomainUrls, requiresProxyAuth, false);
  }
}
