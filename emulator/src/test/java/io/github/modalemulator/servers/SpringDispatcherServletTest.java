package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import jakarta.servlet.Servlet;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * Spring MVC's {@code DispatcherServlet} as a {@code @WsgiApp}, as a user brings it (issue 20): a
 * POST that meets a cold container, then more requests on the same keep-alive connection.
 */
class SpringDispatcherServletTest {

  @RestController
  public static class Items {
    @PostMapping("/items")
    public String add(@RequestBody String body) {
      return "added " + body;
    }

    @PostMapping("/form")
    public String form(@RequestParam("name") String name) {
      return "hello " + name;
    }

    @GetMapping("/items")
    public String list() {
      return "items";
    }
  }

  @Configuration
  @EnableWebMvc
  public static class Web {
    @org.springframework.context.annotation.Bean
    public Items items() {
      return new Items();
    }
  }

  @App("spring")
  public static class SpringApp {
    @Function
    @WsgiApp
    public static Servlet mvc() {
      AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
      context.register(Web.class);
      return new DispatcherServlet(context);
    }
  }

  private static Response send(Socket socket, String request) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = socket.getInputStream();
    return RawHttp.readOne(in);
  }

  private static String host(Emulator emulator) {
    return "Host: local--spring-mvc.localhost:" + emulator.port() + "\r\n";
  }

  @Test
  void aColdPostThenAGetOnTheSameConnectionAreBothAnswered() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(SpringApp.class).start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(30_000);
      Response posted =
          send(
              socket,
              "POST /items HTTP/1.1\r\n"
                  + host(emulator)
                  + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\napple");
      assertThat(posted.status()).isEqualTo(200);
      assertThat(posted.body()).isEqualTo("added apple");
      Response listed = send(socket, "GET /items HTTP/1.1\r\n" + host(emulator) + "\r\n");
      assertThat(listed.status()).isEqualTo(200);
      assertThat(listed.body()).isEqualTo("items");
    }
  }

  @Test
  void aColdFormPostThenAGetOnTheSameConnectionAreBothAnswered() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(SpringApp.class).start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
      socket.setSoTimeout(30_000);
      Response posted =
          send(
              socket,
              "POST /form HTTP/1.1\r\n"
                  + host(emulator)
                  + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 8\r\n\r\n"
                  + "name=ann");
      assertThat(posted.body()).isEqualTo("hello ann");
      Response listed = send(socket, "GET /items HTTP/1.1\r\n" + host(emulator) + "\r\n");
      assertThat(listed.body()).isEqualTo("items");
    }
  }
}
