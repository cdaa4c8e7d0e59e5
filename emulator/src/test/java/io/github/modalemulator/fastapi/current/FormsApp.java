package io.github.modalemulator.fastapi.current;

import io.github.modalemulator.App;
import io.github.modalemulator.Cookie;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.File;
import io.github.modalemulator.Form;
import io.github.modalemulator.Function;
import io.github.modalemulator.Response;
import io.github.modalemulator.UploadFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Java twins of the endpoints of {@code fastapi-forms/fastapi-forms-app.py} (test resources),
 * one per label, each with the Python function's parameters and result, so that the exchanges
 * captured from the Python side can be replayed here byte for byte.
 */
@App("forms")
public final class FormsApp {
  /** The FileResponse endpoint's file: the same content and time as the Python side's. */
  static final byte[] REPORT_TEXT = "quarterly report\nall good\n".getBytes(StandardCharsets.UTF_8);

  static final Instant REPORT_TIME = Instant.ofEpochSecond(1_700_000_000L);

  private FormsApp() {}

  private static Path report;

  static synchronized Path report() {
    if (report == null) {
      try {
        Path dir = Files.createTempDirectory("forms-app-");
        Path file = Files.write(dir.resolve("report.txt"), REPORT_TEXT);
        Files.setLastModifiedTime(file, FileTime.from(REPORT_TIME));
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        report = file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return report;
  }

  static Map<String, Object> dict(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // 1. form fields, url-encoded or multipart
  @Function
  @FastapiEndpoint(method = "POST", label = "forms-form")
  public static Map<String, Object> form(
      @Form String name, @Form int age, @Form Optional<String> note) {
    return dict("name", name, "age", age, "note", note.orElse(null));
  }

  // 2. a file as bytes (the cloud's image_to_video.py), beside a form field
  @Function
  @FastapiEndpoint(method = "POST", label = "forms-file")
  public static Map<String, Object> fileBytes(@File byte[] data, @Form Optional<String> caption) {
    return dict("size", data.length, "md5", md5(data), "caption", caption.orElse(""));
  }

  // 3. an UploadFile (the cloud's count_faces.py)
  @Function
  @FastapiEndpoint(method = "POST", label = "forms-upload")
  public static Map<String, Object> upload(UploadFile file, @Form Optional<String> tag) {
    byte[] data = file.readAllBytes();
    return dict(
        "filename",
        file.filename(),
        "content_type",
        file.contentType(),
        "size",
        file.size(),
        "md5",
        md5(data),
        "tag",
        tag.orElse(null));
  }

  // 4. cookies
  @Function
  @FastapiEndpoint(label = "forms-cookies")
  public static Map<String, Object> cookies(
      @Cookie String session, @Cookie Optional<String> theme, @Cookie Optional<Integer> visits) {
    return dict("session", session, "theme", theme.orElse(null), "visits", visits.orElse(0));
  }

  // 5. a file from disk
  @Function
  @FastapiEndpoint(label = "forms-fileresponse")
  public static Response fileResponse(Optional<String> kind) {
    return switch (kind.orElse("plain")) {
      case "named" -> Response.file(report(), "report.txt");
      case "unicode" -> Response.file(report(), "r\u00e9sum\u00e9 1.txt");
      case "typed" -> Response.file(report()).withMediaType("application/x-report");
      default -> Response.file(report());
    };
  }

  // 6. redirects
  @Function
  @FastapiEndpoint(label = "forms-redirect")
  public static Response redirect(String to, Optional<Integer> status) {
    return Response.redirect(to).withStatus(status.orElse(307));
  }

  // 7. HTML
  @Function
  @FastapiEndpoint(label = "forms-html")
  public static Response html(String name) {
    return Response.html("<h1>Hello " + name + "</h1>");
  }

  // 8. docs=True: a url-encoded form in the schema
  @Function
  @FastapiEndpoint(method = "POST", label = "forms-docsform", docs = true)
  public static Map<String, Object> docsForm(
      @Form String name, @Form int age, @Form Optional<String> note) {
    return dict("name", name);
  }

  // 9. docs=True: files and a field in the schema
  @Function
  @FastapiEndpoint(method = "POST", label = "forms-docsupload", docs = true)
  public static Map<String, Object> docsUpload(
      UploadFile file, @File byte[] data, @Form Optional<String> tag) {
    return dict("filename", file.filename());
  }
}
