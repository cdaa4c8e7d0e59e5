package io.github.modalemulator.servers.servletapp;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /items/*}: answers with what the context and the filter put on the request. */
public class ItemsModule implements ShopModule {
  @Override
  public void register(ServletContext context) {
    context
        .addServlet(
            "items",
            new HttpServlet() {
              private static final long serialVersionUID = 1L;

              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.setContentType("text/plain");
                response
                    .getWriter()
                    .write(
                        "items"
                            + request.getPathInfo()
                            + " in "
                            + getServletContext().getAttribute("shop.name")
                            + ", customer "
                            + request.getAttribute("customer"));
              }
            })
        .addMapping("/items/*");
  }
}
