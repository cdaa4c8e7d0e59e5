package io.github.modalemulator.examples.services.springboot;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot service on the emulator: {@code @WebServer} starts it in-process, its embedded
 * Tomcat binds {@link ExecutionContext#bindAddress()} (loopback here, every interface in the
 * cloud), and the context it returns is closed with the container. Spring Boot takes a few seconds
 * to start, more on a cold JVM or a busy machine: {@code startupTimeout} allows for it.
 *
 * <p>The same {@link ShopApplication} can also be served whole as a servlet application by {@code
 * @WsgiApp}, the way {@code SpringBootServletInitializer} deploys it into a servlet container; that
 * form lives beside this one once the emulator serves whole servlet applications.
 */
@App("spring-shop")
public class SpringShop {
  /** The port the shop's Tomcat listens on, as {@code server.port}. */
  public static final int PORT = 29710;

  @Function
  @WebServer(value = PORT, startupTimeout = 60)
  public static ConfigurableApplicationContext shop() {
    SpringApplication application = new SpringApplication(ShopApplication.class);
    application.setDefaultProperties(
        Map.of("server.port", PORT, "server.address", ExecutionContext.bindAddress()));
    return application.run();
  }
}
