package io.github.modalemulator.internal.runtime;

import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.undertow.server.HttpHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.ServletStackTraces;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.MultipartConfig;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The serving part of a {@code @WsgiApp} function: a servlet application deployed with
 * undertow-servlet at context {@code /}, started at container start and stopped (its servlets
 * destroyed, its context listeners told) at container stop. The factory returns either one servlet,
 * mapped to {@code /*} with async support, or a {@link ServletContainerInitializer} that sets the
 * whole application up on the real {@code ServletContext}, as a servlet container runs the
 * initializers of a WAR.
 *
 * <p>Servlets without a {@code @MultipartConfig} read forms with {@link ServletForms}' default.
 */
final class WsgiPart implements ServingPart {
  private static final AtomicLong DEPLOYMENTS = new AtomicLong();
  private static final String SERVLET_NAME = "app";

  private final DeploymentManager manager;
  private final HttpHandler handler;
  private final FunctionLog log;

  private WsgiPart(DeploymentManager manager, HttpHandler handler, FunctionLog log) {
    this.manager = manager;
    this.handler = handler;
    this.log = log;
  }

  /** How containers start {@code @WsgiApp} functions, reading forms as {@code forms} says. */
  static ContainerKinds.Kind kind(ServletForms forms) {
    return (function, instance, log) -> start(function, instance, log, forms);
  }

  private static WsgiPart start(
      FunctionDefinition function, Object instance, FunctionLog log, ServletForms forms)
      throws Exception {
    Object product =
        UserCode.product(
            function, instance, "the app's servlet, or the initializer of its servlet application");
    Class<?> appClass = function.method().getDeclaringClass();
    DeploymentInfo deployment =
        Servlets.deployment()
            .setClassLoader(appClass.getClassLoader())
            .setContextPath("/")
            .setDeploymentName(
                function.appName() + "." + function.name() + "#" + DEPLOYMENTS.incrementAndGet())
            .setTempDir(Path.of(System.getProperty("java.io.tmpdir")))
            .setDefaultMultipartConfig(forms.defaultConfig())
            // The cloud answers a failed app with a plain 500: no stack trace goes to a client,
            // and the failure is in the function's log, where its other output is.
            .setServletStackTraces(ServletStackTraces.NONE)
            .setExceptionHandler(
                (exchange, request, response, failure) -> {
                  log.error(
                      "request " + FunctionRuntime.describe(exchange, function) + " failed",
                      failure);
                  return false; // the app's error pages, or the container's 500, answer it
                });
    boolean oneServlet = product instanceof Servlet;
    if (oneServlet) {
      deployment.addServlet(servletInfo((Servlet) product));
    } else {
      ServletContainerInitializer initializer = (ServletContainerInitializer) product;
      deployment.addServletContainerInitializer(
          new ServletContainerInitializerInfo(
              initializer.getClass(),
              new ImmediateInstanceFactory<>(initializer),
              HandlesTypesScan.of(initializer, appClass)));
    }
    DeploymentManager manager = Servlets.newContainer().addDeployment(deployment);
    try {
      deploy(manager);
      HttpHandler handler = manager.start(); // inits load-on-startup servlets, filters, listeners
      if (oneServlet) {
        // Init now, and let its failure fail the start (load-on-startup would only log it).
        manager.getDeployment().getServlets().getManagedServlet(SERVLET_NAME).forceInit();
      }
      return new WsgiPart(manager, handler, log);
    } catch (Exception e) {
      manager.stop();
      manager.undeploy();
      throw e;
    }
  }

  /**
   * Runs the initializers: what they throw fails the start, as itself rather than in Undertow's
   * wrapper, so that the log says what the app threw.
   */
  private static void deploy(DeploymentManager manager) throws Exception {
    try {
      manager.deploy();
    } catch (RuntimeException e) {
      if (e.getClass() == RuntimeException.class && e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked") // the servlet's own class, for the instance it was made from
  private static ServletInfo servletInfo(Servlet servlet) {
    ServletInfo info =
        Servlets.servlet(
                SERVLET_NAME,
                (Class<Servlet>) servlet.getClass(),
                new ImmediateInstanceFactory<>(servlet))
            .addMapping("/*")
            .setAsyncSupported(true);
    // A container reads the annotation of a servlet it registers; Undertow leaves that to us.
    MultipartConfig multipart = servlet.getClass().getAnnotation(MultipartConfig.class);
    if (multipart != null) {
      info.setMultipartConfig(new MultipartConfigElement(multipart));
    }
    return info;
  }

  @Override
  public HttpHandler handler() {
    return handler;
  }

  @Override
  public void stop() {
    try {
      manager.stop(); // destroys the servlets and filters, tells the context listeners
      manager.undeploy();
    } catch (Exception e) {
      log.error("the servlet application's shutdown failed while its container stopped", e);
    }
  }
}
