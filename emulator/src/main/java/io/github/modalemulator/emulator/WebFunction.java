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
 */
public record WebFunction(
    String app,
    String name,
    String kind,
    String url,
    List<String> customDomainUrls,
    boolean requiresProxyAuth) {
  public WebFunction {
    customDomainUrls = List.copyOf(customDomainUrls);
  }
}
