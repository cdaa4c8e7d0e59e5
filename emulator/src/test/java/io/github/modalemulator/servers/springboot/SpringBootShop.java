package io.github.modalemulator.servers.springboot;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.github.modalemulator.WsgiApp;
import jakarta.servlet.ServletContainerInitializer;
import org.springframework.web.SpringServletContainerInitializer;

/** The emulator's one line about the app: deploy it as a servlet container deploys its WAR. */
@App("boot")
public class SpringBootShop {
  @Function
  @WsgiApp
  public static ServletContainerInitializer shop() {
    return new SpringServletContainerInitializer();
  }
}
