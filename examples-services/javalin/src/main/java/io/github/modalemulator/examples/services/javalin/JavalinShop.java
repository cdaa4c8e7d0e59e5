package io.github.modalemulator.examples.services.javalin;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.javalin.Javalin;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * A Javalin service on the emulator: {@code @WebServer} starts it in-process on {@link
 * ExecutionContext#bindAddress()}, and its Jetty stops with the container (the function returns an
 * {@link AutoCloseable} that stops it).
 */
@App("javalin-notes")
public class JavalinShop {
  /** The port Javalin listens on. */
  public static final int PORT = 29711;

  @Function
  @WebServer(value = PORT, startupTimeout = 30)
  public static AutoCloseable notes() {
    Javalin app = notesApp();
    app.start(ExecutionContext.bindAddress(), PORT);
    return app::stop;
  }

  /** Notes kept in memory: a POST of plain text answers its id, a GET by id reads it back. */
  static Javalin notesApp() {
    Map<Integer, String> notes = new ConcurrentHashMap<>();
    AtomicInteger nextId = new AtomicInteger(1);
    return Javalin.create(
        config -> {
          config.routes.get(
              "/notes/{id}",
              ctx -> {
                String note = notes.get(Integer.parseInt(ctx.pathParam("id")));
                if (note == null) {
                  ctx.status(404).result("no such note");
                } else {
                  ctx.result(note);
                }
              });
          config.routes.post(
              "/notes",
              ctx -> {
                int id = nextId.getAndIncrement();
                notes.put(id, ctx.body());
                ctx.status(201).result(String.valueOf(id));
              });
          config.routes.get(
              "/hello",
              ctx ->
                  ctx.result(
                      "Hello, " + Objects.requireNonNullElse(ctx.queryParam("name"), "world")));
          config.routes.get(
              "/logging",
              ctx -> ctx.result(LoggerFactory.getILoggerFactory().getClass().getName()));
        });
  }
}
