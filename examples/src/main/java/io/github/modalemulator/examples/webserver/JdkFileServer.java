package io.github.modalemulator.examples.webserver;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The seed's file server again, this time inside the JVM: the JDK's own {@code HttpServer} serving
 * a directory, as {@code python -m http.server -d DIR} does, started by the function and stopped
 * with its container through the {@link AutoCloseable} it returns. The directory comes from the
 * system property {@code examples.files.root} (default {@code /}, as in the seed).
 *
 * <pre>
 * &#64;app.function()
 * &#64;modal.web_server(8000)
 * def file_server():
 *     subprocess.Popen(["python", "-m", "http.server", "-d", "/", "8000"], shell=False)
 * </pre>
 */
@App("example-jdk-file-server")
public class JdkFileServer {

  @Function
  @WebServer(8002)
  public static AutoCloseable fileServer() throws IOException {
    Path root = Path.of(System.getProperty("examples.files.root", "/"));
    return serveFiles(root.toAbsolutePath().normalize(), 8002);
  }

  /**
   * Serves the files under {@code root} on the bind address of where it runs; nothing outside
   * {@code root} is reachable.
   */
  static AutoCloseable serveFiles(Path root, int port) throws IOException {
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName(ExecutionContext.bindAddress()), port), 0);
    server.createContext("/", exchange -> answer(root, exchange));
    server.start();
    return () -> server.stop(0);
  }

  private static void answer(Path root, HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n".getBytes(UTF_8));
        return;
      }
      // The decoded path, resolved and normalised: "..", encoded or not, can't climb out.
      Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isReadable(file)) {
        send(exchange, 404, "text/plain; charset=utf-8", "File not found\n".getBytes(UTF_8));
      } else if (Files.isDirectory(file)) {
        send(exchange, 200, "text/html; charset=utf-8", listing(root, file).getBytes(UTF_8));
      } else {
        send(exchange, 200, contentType(file), null, file);
      }
    }
  }

  /** A few common types by extension, the same on every machine (no system MIME database). */
  private static String contentType(Path file) {
    String name = file.getFileName().toString();
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return switch (extension) {
      case "txt" -> "text/plain";
      case "html", "htm" -> "text/html";
      case "css" -> "text/css";
      case "js" -> "text/javascript";
      case "json" -> "application/json";
      case "png" -> "image/png";
      default -> "application/octet-stream";
    };
  }

  private static String listing(Path root, Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      String items =
          entries
              .map(entry -> entry.getFileName() + (Files.isDirectory(entry) ? "/" : ""))
              .sorted()
              .map(name -> "<li>" + name.replace("&", "&amp;").replace("<", "&lt;") + "</li>")
              .collect(Collectors.joining("\n"));
      return "<h1>Directory listing for /"
          + root.relativize(directory)
          + "</h1>\n<ul>\n"
          + items
          + "\n</ul>\n";
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    send(exchange, status, type, body, null);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body, Path file)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    long length = body != null ? body.length : Files.size(file);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : length == 0 ? -1 : length);
    if (head || length == 0) {
      return;
    }
    try (OutputStream out = exchange.getResponseBody()) {
      if (body != null) {
        out.write(body);
      } else {
        Files.copy(file, out);
      }
    }
  }
}
