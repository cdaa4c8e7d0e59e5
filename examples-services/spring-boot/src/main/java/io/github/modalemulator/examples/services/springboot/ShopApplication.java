package io.github.modalemulator.examples.services.springboot;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small shop, as Spring Boot writes one: nothing in it knows the emulator. {@link SpringShop}
 * starts it for the emulator, the way a {@code main} would.
 */
@SpringBootApplication
@RestController
public class ShopApplication {
  private static final Logger LOG = LoggerFactory.getLogger(ShopApplication.class);

  /** An item of the catalogue. */
  public record Item(int id, String name, int priceCents) {}

  private final Map<Integer, Item> items = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1);

  @GetMapping("/items")
  public List<Item> items(@RequestParam(defaultValue = "100") int limit) {
    return items.values().stream().limit(limit).toList();
  }

  @GetMapping("/items/{id}")
  public ResponseEntity<Item> item(@PathVariable int id) {
    Item item = items.get(id);
    return item == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(item);
  }

  @PostMapping("/items")
  public ResponseEntity<Item> add(@RequestBody Item wanted) {
    Item item = new Item(nextId.getAndIncrement(), wanted.name(), wanted.priceCents());
    items.put(item.id(), item);
    LOG.info("added item {}: {}", item.id(), item.name());
    return ResponseEntity.status(HttpStatus.CREATED).body(item);
  }

  /** Which SLF4J binding the app got: Logback, as Spring Boot brings it. */
  @GetMapping("/logging")
  public String logging() {
    return LoggerFactory.getILoggerFactory().getClass().getName();
  }
}
