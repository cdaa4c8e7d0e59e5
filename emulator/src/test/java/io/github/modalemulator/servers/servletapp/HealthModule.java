package io.github.modalemulator.servers.servletapp;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /health}: how many requests the request listener has seen. */
public class HealthModule implements ShopModule {
  @Override
  public void register(ServletContext context) {
    context
        .addServlet(
            "health",
            new HttpServlet() {
              private static final long serialVersionUID = 1L;

              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.getWriter().write("ok after " + ShopListener.REQUESTS.get() + " requests");
              }
            })
        .addMapping("/health");
  }
}
