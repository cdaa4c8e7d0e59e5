package io.github.modalemulator.examples.wsgi;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The seed's WSGI app: a Flask app with {@code /} and {@code /api/data}, here a plain {@link
 * HttpServlet}, the JVM's counterpart of a WSGI app. Flask answers a string as HTML and a dict as
 * JSON; so does this servlet.
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.wsgi_app()
 * def create_app():
 *     flask_app = Flask(__name__)
 *     ...
 *     return flask_app
 * </pre>
 */
@App("example-wsgi")
public class FlaskApp {

  @Function
  @WsgiApp
  public static Servlet createApp() {
    return new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response)
          throws IOException {
        switch (request.getPathInfo() == null ? "/" : request.getPathInfo()) {
          case "/" -> {
            response.setContentType("text/html; charset=utf-8");
            response.getWriter().write("Hello from Flask!");
          }
          case "/api/data" -> {
            response.setContentType("application/json"); // as jsonify: no charset parameter
            response.getOutputStream().write("{\"data\":[1,2,3]}\n".getBytes(UTF_8));
          }
          default -> response.sendError(404);
        }
      }
    };
  }
}
