package io.github.modalemulator.examples.services.micronaut;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.LoggerFactory;

/** A controller as Micronaut writes one: nothing in it knows the emulator. */
@Controller
public class GreetingController {

  /** A greeting, as JSON. */
  @Serdeable
  public record Greeting(String message) {}

  /** What a POST asks to be greeted. */
  @Serdeable
  public record Person(String name) {}

  @Get("/hello")
  public Greeting hello(@QueryValue(defaultValue = "world") String name) {
    return new Greeting("Hello, " + name);
  }

  @Post("/greetings")
  @Status(HttpStatus.CREATED)
  public Greeting greet(@Body Person person) {
    return new Greeting("Welcome, " + person.name());
  }

  /** Which SLF4J binding the app got: Logback, as Micronaut Launch sets it up. */
  @Get(value = "/logging", produces = "text/plain")
  public String logging() {
    return LoggerFactory.getILoggerFactory().getClass().getName();
  }
}
