package io.github.modalemulator.examples.wsgi;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * The seed's WSGI configuration snippet (a label and a custom domain), and its best practice: the
 * runtime adds no CORS to a WSGI app, so the app configures it, here for one trusted origin.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.wsgi_app(
 *     label="flask-app", custom_domains=["www.example.com"], requires_proxy_auth=False)
 * def create_app(): ...
 * </pre>
 */
@App("example-wsgi-configured")
public class ConfiguredWsgi {
  static final Set<String> TRUSTED_ORIGINS = Set.of("https://www.example.com");

  @Function
  @WsgiApp(label = "flask-app", customDomains = "www.example.com", requiresProxyAuth = false)
  public static Servlet createApp() {
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response)
          throws IOException, jakarta.servlet.ServletException {
        String origin = request.getHeader("Origin");
        if (origin != null && TRUSTED_ORIGINS.contains(origin)) {
          response.setHeader("Access-Control-Allow-Origin", origin);
          response.setHeader("Vary", "Origin");
          if (request.getMethod().equals("OPTIONS")) {
            response.setHeader("Access-Control-Allow-Methods", "GET");
            response.setStatus(204);
            return;
          }
        }
        super.service(request, response);
      }

      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        response.setContentType("text/html; charset=utf-8");
        response.getWriter().write("Hello from the flask-app label!");
      }
    };
  }
}
