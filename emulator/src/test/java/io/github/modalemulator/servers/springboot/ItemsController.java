package io.github.modalemulator.servers.springboot;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The shop's endpoints: a body, a list, an async answer, an upload. */
@RestController
public class ItemsController {
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  @PostMapping("/items")
  public String add(@RequestBody String body) {
    return "added " + body;
  }

  @GetMapping("/items")
  public List<String> list() {
    return List.of("apple", "pear");
  }

  @GetMapping("/later")
  public Callable<String> later() {
    Thread requestThread = Thread.currentThread();
    return () ->
        "later, on "
            + (Thread.currentThread() == requestThread ? "the request's" : "another")
            + " thread";
  }

  @PostMapping("/upload")
  public String upload(@RequestParam("note") String note, @RequestPart("upload") MultipartFile file)
      throws IOException {
    return note
        + ": "
        + file.getOriginalFilename()
        + " = "
        + new String(file.getBytes(), StandardCharsets.UTF_8);
  }

  @PreDestroy
  void closing() {
    EVENTS.add("context closed");
  }
}
