package sample;

import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class ShopApplication {

  @GetMapping("/hello")
  public Map<String, String> hello(@RequestParam(defaultValue = "world") String name) {
    return Map.of("message", "Hello, " + name);
  }

  @GetMapping("/logging")
  public String logging() {
    return LoggerFactory.getILoggerFactory().getClass().getName();
  }
}
