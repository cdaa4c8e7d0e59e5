package io.github.modalemulator.junit;

import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.ProxySpecification;
import io.restassured.specification.RequestSpecification;
import java.net.InetSocketAddress;

/** The REST Assured side, apart so the extension loads without REST Assured. */
final class RestAssuredSpecs {
  private RestAssuredSpecs() {}

  /**
   * @param token key and secret to send, or null
   */
  static RequestSpecification spec(String baseUri, InetSocketAddress proxy, String[] token) {
    RequestSpecBuilder builder =
        new RequestSpecBuilder()
            .setBaseUri(baseUri)
            .setProxy(ProxySpecification.host(proxy.getHostString()).withPort(proxy.getPort()));
    if (token != null) {
      builder.addHeader("Modal-Key", token[0]).addHeader("Modal-Secret", token[1]);
    }
    return builder.build();
  }
}
