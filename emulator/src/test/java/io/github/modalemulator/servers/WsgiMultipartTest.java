package io.github.modalemulator.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import io.github.modalemulator.emulator.Emulator;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A servlet reads multipart forms: with its own {@code @MultipartConfig}, and without one, as the
 * cloud's WSGI bridge hands every app its forms.
 */
class WsgiMultipartTest {

  /** Echoes a form's field and its file part. */
  public static class FormServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      String answer;
      try {
        Part file = request.getPart("upload");
        answer =
            "note="
                + request.getParameter("note")
                + " file="
                + file.getSubmittedFileName()
                + " ("
                + file.getSize()
                + " bytes): "
                + new String(file.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                + " parts="
                + request.getParts().size();
      } catch (IllegalStateException tooBig) {
        response.setStatus(413);
        answer = "over the servlet's own limit";
      }
      response.setContentType("text/plain");
      response.getWriter().write(answer);
    }
  }

  /** The same with a config of its own: files of at most 16 bytes. */
  @MultipartConfig(maxFileSize = 16)
  public static class SmallFilesServlet extends FormServlet {
    private static final long serialVersionUID = 1L;
  }

  @App("forms")
  static class Forms {
    @Function
    @WsgiApp
    static Servlet plain() {
      return new FormServlet();
    }

    @Function
    @WsgiApp
    static Servlet configured() {
      return new SmallFilesServlet();
    }
  }

  private static final String BOUNDARY = "----emulator-form-7MA4YWxk";

  private static byte[] form(String note, String fileName, String fileContent) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String text =
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
            + note
            + "\r\n--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: text/plain\r\n\r\n"
            + fileContent
            + "\r\n--"
            + BOUNDARY
            + "--\r\n";
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private static HttpResponse<String> post(Emulator emulator, String function, byte[] form)
      throws Exception {
    HttpClient client = emulator.httpClientBuilder().build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(emulator.webUrl(function) + "/upload"))
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(form))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aServletWithoutMultipartConfigReadsAFormsFieldAndFile() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(Forms.class).start()) {
      HttpResponse<String> response =
          post(emulator, "plain", form("fragile", "list.txt", "apples, pears"));
      assertThat(response.body())
          .isEqualTo("note=fragile file=list.txt (13 bytes): apples, pears parts=2");
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aServletsOwnMultipartConfigIsTheOneInForce() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(Forms.class).start()) {
      HttpResponse<String> small = post(emulator, "configured", form("a", "s.txt", "tiny"));
      assertThat(small.body()).isEqualTo("note=a file=s.txt (4 bytes): tiny parts=2");
      HttpResponse<String> large =
          post(emulator, "configured", form("b", "l.txt", "seventeen bytes!!"));
      assertThat(large.body()).isEqualTo("over the servlet's own limit");
      assertThat(large.statusCode()).isEqualTo(413);
      // The default has no limit per file: the same file passes a servlet that declares none.
      HttpResponse<String> plain = post(emulator, "plain", form("b", "l.txt", "seventeen bytes!!"));
      assertThat(plain.body()).isEqualTo("note=b file=l.txt (17 bytes): seventeen bytes!! parts=2");
    }
  }
}
