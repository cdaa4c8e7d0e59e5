package io.github.modalemulator.examples.services.micronaut;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.Map;

/**
 * A Micronaut service on the emulator: {@code @WebServer} starts it in-process, its Netty server
 * binds {@link ExecutionContext#bindAddress()}, and the context it returns is closed with the
 * container.
 */
@App("micronaut-greeter")
public class MicronautGreeter {
  /** The port the Netty server listens on, as {@code micronaut.server.port}. */
  public static final int PORT = 29712;

  @Function
  @WebServer(value = PORT, startupTimeout = 30)
  public static ApplicationContext greeter() {
    return Micronaut.build(new String[0])
        .mainClass(MicronautGreeter.class)
        .properties(
            Map.of(
                "micronaut.server.port", PORT,
                "micronaut.server.host", ExecutionContext.bindAddress()))
        .start();
  }
}
