package io.github.modalemulator.servers;

import io.github.modalemulator.servers.servletapp.ShopModule;
import jakarta.servlet.ServletContext;

/**
 * A {@code ShopModule} outside the shop app's package: the container's scan of the app's classes
 * does not hand it to the shop's initializer (ServletApplicationTest).
 */
public class OutsideShopModule implements ShopModule {
  @Override
  public void register(ServletContext context) {
    throw new AssertionError("not one of the shop app's classes");
  }
}
