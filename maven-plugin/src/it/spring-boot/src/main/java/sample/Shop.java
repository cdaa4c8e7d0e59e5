package sample;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.Function;
import io.github.modalemulator.VolumeMount;
import io.github.modalemulator.WebServer;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

@App("sample-shop")
public class Shop {
  static final int PORT = 29730;

  /**
   * The shop's Spring Boot service: its payments key comes from the secret {@code shop-payments} as
   * the environment variable {@code PAYMENTS_KEY} (Spring reads it as a property), its orders go to
   * the volume {@code shop-orders}.
   */
  @Function(
      gpu = "T4",
      memory = 768,
      secrets = "shop-payments",
      env = "SHOP_CURRENCY=EUR",
      volumes = @VolumeMount(name = "shop-orders", path = "/orders"))
  @WebServer(value = PORT, startupTimeout = 60)
  public static ConfigurableApplicationContext shop() {
    SpringApplication application = new SpringApplication(ShopApplication.class);
    application.setDefaultProperties(
        Map.of("server.port", PORT, "server.address", ExecutionContext.bindAddress()));
    return application.run();
  }
}
