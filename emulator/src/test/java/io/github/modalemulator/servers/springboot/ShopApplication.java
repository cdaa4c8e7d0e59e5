package io.github.modalemulator.servers.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;

/**
 * A Spring Boot app as Spring Initializr generates it for a WAR: nothing in it knows the emulator.
 */
@SpringBootApplication
public class ShopApplication extends SpringBootServletInitializer {

  @Override
  protected SpringApplicationBuilder configure(SpringApplicationBuilder application) {
    return application.sources(ShopApplication.class);
  }

  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
