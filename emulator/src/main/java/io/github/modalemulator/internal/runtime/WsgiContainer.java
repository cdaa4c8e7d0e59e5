package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.Servlet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code @WsgiApp} container: the factory's servlet, deployed with undertow-servlet at context
 * {@code /} and mapped to {@code /*}; {@code init} at container start, {@code destroy} at stop.
 */
final class WsgiContainer implements Container {
  private static final AtomicLong DEPLOYMENTS = new AtomicLong();

  private final DeploymentManager manager;
  private final HttpHandler handler;
  private final FunctionLog log;

  private WsgiContainer(DeploymentManager manager, HttpHandler handler, FunctionLog log) {
    this.manager = manager;
    this.handler = handler;
    this.log = log;
  }

  @SuppressWarnings("unchecked") // the servlet's own class, for the instance it was made from
  static WsgiContainer start(FunctionDefinition function, Object instance, FunctionLog log)
      throws Exception {
    Servlet servlet = (Servlet) Factories.product(function, instance, "the app's servlet");
    DeploymentInfo deployment =
        Servlets.deployment()
            .setClassLoader(function.method().getDeclaringClass().getClassLoader())
            .setContextPath("/")
            .setDeploymentName(
                function.appName() + "." + function.name() + "#" + DEPLOYMENTS.incrementAndGet())
            .addServlet(
                Servlets.servlet(
                        "app",
                        (Class<Servlet>) servlet.getClass(),
                        new ImmediateInstanceFactory<>(servlet))
                    .addMapping("/*"));
    DeploymentManager manager = Servlets.newContainer().addDeployment(deployment);
    manager.deploy();
    try {
      HttpHandler handler = manager.start();
      // Init now, and let its failure fail the start (load-on-startup would only log it).
      manager.getDeployment().getServlets().getManagedServlet("app").forceInit();
      return new WsgiContainer(manager, handler, log);
    } catch (Exception e) {
      manager.stop();
      manager.undeploy();
      throw e;
    }
  }

  @Override
  public HttpHandler handler() {
    return handler;
  }

  @Override
  public void stop() {
    try {
      manager.stop(); // runs the servlet's destroy
      manager.undeploy();
    } catch (Exception e) {
      log.error("the servlet's destroy failed while its container stopped", e);
    }
  }
}
