package sample;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.WebServer;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

@App("sample-shop")
public class Shop {
  static final int PORT = 29730;

  @Function
  @WebServer(value = PORT, startupTimeout = 60)
  public static ConfigurableApplicationContext shop() {
    SpringApplication application = new SpringApplication(ShopApplication.class);
    application.setDefaultProperties(
        Map.of("server.port", PORT, "server.address", ExecutionContext.bindAddress()));
    return application.run();
  }
}
