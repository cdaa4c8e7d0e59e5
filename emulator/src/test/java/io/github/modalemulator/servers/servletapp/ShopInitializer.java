package io.github.modalemulator.servers.servletapp;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The shop as a servlet container deploys it: a listener, a filter in front of everything, and each
 * {@link ShopModule} the container finds among the app's classes.
 */
@HandlesTypes(ShopModule.class)
public class ShopInitializer implements ServletContainerInitializer {
  static final List<String> HANDED = new CopyOnWriteArrayList<>();

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
    HANDED.clear();
    Set<String> names = new TreeSet<>();
    for (Class<?> type : classes) {
      names.add(type.getName());
    }
    HANDED.addAll(names);
    context.addListener(new ShopListener());
    context
        .addFilter(
            "customer",
            new HttpFilter() {
              private static final long serialVersionUID = 1L;

              @Override
              protected void doFilter(
                  HttpServletRequest request,
                  HttpServletResponse response,
                  jakarta.servlet.FilterChain chain)
                  throws IOException, ServletException {
                String customer = request.getHeader("X-Customer");
                if (customer == null) {
                  response.sendError(401, "who are you?");
                  return;
                }
                request.setAttribute("customer", customer);
                response.setHeader("X-Filtered", "yes");
                chain.doFilter(request, response);
              }
            })
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    for (Class<?> type : classes) {
      if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
        continue;
      }
      try {
        ((ShopModule) type.getDeclaredConstructor().newInstance()).register(context);
      } catch (ReflectiveOperationException e) {
        throw new ServletException("can't make " + type, e);
      }
    }
  }
}
