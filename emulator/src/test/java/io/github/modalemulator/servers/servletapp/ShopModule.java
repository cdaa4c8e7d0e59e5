package io.github.modalemulator.servers.servletapp;

import jakarta.servlet.ServletContext;

/** A part of the shop that registers itself: what {@link ShopInitializer} handles. */
public interface ShopModule {
  void register(ServletContext context);
}
