package io.github.modalemulator.servers.servletapp;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records the context's life and counts requests, as an app's listeners do. */
public class ShopListener implements ServletContextListener, ServletRequestListener {
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();
  static final AtomicInteger REQUESTS = new AtomicInteger();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    event.getServletContext().setAttribute("shop.name", "corner shop");
    EVENTS.add("context initialized");
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    EVENTS.add("context destroyed");
  }

  @Override
  public void requestInitialized(ServletRequestEvent event) {
    REQUESTS.incrementAndGet();
  }
}
