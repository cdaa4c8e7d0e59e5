package sample;

import io.github.modalemulator.ExecutionContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class ShopApplication {
  @Value("${PAYMENTS_KEY:none}")
  String paymentsKey;

  @Value("${SHOP_CURRENCY:none}")
  String currency;

  @GetMapping("/hello")
  public Map<String, String> hello(@RequestParam(defaultValue = "world") String name) {
    return Map.of("message", "Hello, " + name);
  }

  @GetMapping("/logging")
  public String logging() {
    return LoggerFactory.getILoggerFactory().getClass().getName();
  }

  /** What the environment gave Spring: the key's first characters only, never the key. */
  @GetMapping("/config")
  public String config() {
    return paymentsKey.substring(0, Math.min(8, paymentsKey.length())) + " " + currency;
  }

  /** Writes the order to the volume and answers how many it holds. */
  @PostMapping("/orders")
  public String order(@RequestParam String item) throws IOException {
    Path orders = ExecutionContext.volume("/orders").resolve("orders.txt");
    Files.writeString(
        orders,
        item + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return Integer.toString(Files.readAllLines(orders, StandardCharsets.UTF_8).size());
  }
}
