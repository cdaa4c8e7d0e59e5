package io.github.modalemulator.servers.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A Spring Boot 3.5 app served by {@code @WsgiApp} the way {@code SpringBootServletInitializer}
 * deploys it into a servlet container: Spring's initializer is handed the app's initializer class,
 * which starts the application context on the container's {@code ServletContext} and registers the
 * {@code DispatcherServlet} and Spring Boot's filters there.
 *
 * <p>Its apps tell the test what they did through static fields the test reads, so every container
 * runs the test's own classes: {@code Isolation.GENERATION}, the opt-out.
 */
class SpringBootServletTest {

  private static Response send(Socket socket, String request) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return RawHttp.readOne(socket.getInputStream());
  }

  private static HttpResponse<String> send(Emulator emulator, HttpRequest.Builder request)
      throws Exception {
    HttpClient client = emulator.httpClientBuilder().build();
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(Emulator emulator, String path) {
    return HttpRequest.newBuilder(URI.create(emulator.webUrl("shop") + path));
  }

  @Test
  void aColdPostThenAGetOnTheSameConnectionAreBothAnswered() throws Exception {
    ItemsController.EVENTS.clear();
    try (Emulator emulator =
            Emulator.builder().isolation(Isolation.GENERATION).apps(SpringBootShop.class).start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(60_000);
      String host = "Host: local--boot-shop.localhost:" + emulator.port() + "\r\n";
      Response posted =
          send(
              socket,
              "POST /items HTTP/1.1\r\n"
                  + host
                  + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\napple");
      assertThat(posted.body()).isEqualTo("added apple");
      assertThat(posted.status()).isEqualTo(200);
      Response listed = send(socket, "GET /items HTTP/1.1\r\n" + host + "\r\n");
      assertThat(listed.body()).isEqualTo("[\"apple\",\"pear\"]");
      assertThat(listed.status()).isEqualTo(200);
    }
    assertThat(ItemsController.EVENTS).containsExactly("context closed");
  }

  @Test
  void asyncAnswersUploadsAndErrorsGoThroughSpringBoot() throws Exception {
    try (Emulator emulator =
        Emulator.builder().isolation(Isolation.GENERATION).apps(SpringBootShop.class).start()) {
      HttpResponse<String> later = send(emulator, request(emulator, "/later"));
      assertThat(later.body()).isEqualTo("later, on another thread");
      String boundary = "----boot-form";
      String form =
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nspring"
              + "\r\n--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\""
              + "\r\nContent-Type: text/plain\r\n\r\nfruit\r\n--"
              + boundary
              + "--\r\n";
      HttpResponse<String> uploaded =
          send(
              emulator,
              request(emulator, "/upload")
                  .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                  .POST(HttpRequest.BodyPublishers.ofString(form)));
      assertThat(uploaded.body()).isEqualTo("spring: a.txt = fruit");
      HttpResponse<String> missing =
          send(emulator, request(emulator, "/nowhere").header("Accept", "application/json"));
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("\"path\":\"/nowhere\"");
    }
  }
}
