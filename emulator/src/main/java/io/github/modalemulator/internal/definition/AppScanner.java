package io.github.modalemulator.internal.definition;

import io.github.modalemulator.App;
import io.github.modalemulator.Function;
import io.undertow.server.HttpHandler;
import jakarta.servlet.Servlet;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.BaseStream;

/**
 * Reads {@code @App} classes into definitions, collecting every problem instead of stopping at the
 * first. Pure: reflection only, no I/O.
 */
final class AppScanner {
  /** The cloud's words for a generator web function. */
  static final String GENERATOR_MESSAGE =
      "Webhooks cannot be generators. If you want a streaming response, see"
          + " https://modal.com/docs/guide/streaming-endpoints";

  private static final Pattern HTTP_METHOD = Pattern.compile("^[A-Z]+$");

  private final List<String> problems;

  AppScanner(List<String> problems) {
    this.problems = problems;
  }

  /** The app, or null when the class can't be an app at all (the problem is recorded). */
  AppDefinition scan(Class<?> type) {
    App app = type.getAnnotation(App.class);
    if (app == null) {
      problems.add(
          "class "
              + Methods.describe(type)
              + " has no @App annotation; annotate it with @App(\"my-app\") or leave it out of the"
              + " apps");
      return null;
    }
    String appName = app.value();
    boolean nameValid = Labels.isValidAppName(appName);
    if (!nameValid) {
      problems.add(
          "@App name \""
              + appName
              + "\" of class "
              + Methods.describe(type)
              + " is invalid: app names may contain only letters, digits, dashes, periods and"
              + " underscores, and at most 64 characters");
    }
    List<Method> methods;
    try {
      methods = sortedDeclaredMethods(type);
    } catch (LinkageError missing) {
      problems.add(
          "class "
              + Methods.describe(type)
              + " can't be loaded: "
              + missing
              + "; put the jar or directory that has it on the class path (--cp)");
      return null;
    }
    List<FunctionDefinition> functions = new ArrayList<>();
    for (Method method : methods) {
      FunctionDefinition function = scanMethod(appName, method);
      if (function != null && nameValid) {
        functions.add(function);
      }
    }
    return new AppDefinition(appName, type, functions);
  }

  private static List<Method> sortedDeclaredMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && !m.isBridge())
        .sorted(Comparator.comparing(Method::getName).thenComparing(Methods::describe))
        .toList();
  }

  private FunctionDefinition scanMethod(String appName, Method method) {
    Function settings = method.getAnnotation(Function.class);
    List<WebKind> kinds =
        WebKind.all().stream().filter(k -> method.isAnnotationPresent(k.annotation())).toList();
    if (settings == null && kinds.isEmpty()) {
      return null;
    }
    String where = Methods.describe(method);
    int before = problems.size();
    if (!Modifier.isStatic(method.getModifiers())) {
      String what = settings != null ? "@Function" : kinds.get(0).javaName();
      problems.add(
          what + " method " + where + " must be static; declare it static in the @App class");
    }
    if (kinds.isEmpty()) {
      return null; // a plain function: the emulator serves only web functions
    }
    if (kinds.size() > 1) {
      problems.add(
          "method "
              + where
              + " has more than one web annotation ("
              + String.join(", ", kinds.stream().map(WebKind::javaName).toList())
              + "); keep one");
      return null;
    }
    WebKind kind = kinds.get(0);
    if (settings == null) {
      problems.add(
          kind.javaName()
              + " method "
              + where
              + " has no @Function; add @Function so the app runs it (as @app.function() does)");
    }
    Annotation annotation = method.getAnnotation(kind.annotation());
    WebSpec web = WebSpec.of(kind, annotation);
    EndpointSignature endpoint = null;
    switch (kind) {
      case FASTAPI_ENDPOINT, WEB_ENDPOINT ->
          endpoint = checkEndpointShape(kind, web, method, where);
      case ASGI_APP ->
          checkFactoryShape(kind, method, where, HttpHandler.class, "the app's root handler");
      case WSGI_APP -> checkFactoryShape(kind, method, where, Servlet.class, "the app's servlet");
      case WEB_SERVER -> checkWebServer(web, method, where);
    }
    if (!web.label().isEmpty() && !Labels.isValidUserLabel(web.label())) {
      problems.add(
          "label \""
              + web.label()
              + "\" of "
              + where
              + " is invalid: a label must match "
              + Labels.USER_LABEL.pattern()
              + " (lower-case letters, digits and dashes, 1 to 63 characters, not all digits,"
              + " no dash at either end)");
    }
    checkDomains(web, where);
    if (problems.size() > before) {
      return null;
    }
    method.setAccessible(true);
    String label =
        web.label().isEmpty() ? Labels.defaultLabel(appName, method.getName()) : web.label();
    return new FunctionDefinition(
        appName, method.getName(), method, settings, web, label, endpoint);
  }

  /** The rules for a one-route FastAPI endpoint; its parameter bindings when they hold. */
  private EndpointSignature checkEndpointShape(
      WebKind kind, WebSpec web, Method method, String where) {
    if (!HTTP_METHOD.matcher(web.method()).matches()) {
      problems.add(
          kind.javaName()
              + " method "
              + where
              + " has method = \""
              + web.method()
              + "\", which is not an HTTP method; use GET, POST, PUT, DELETE, PATCH, ...");
    }
    Class<?> returned = method.getReturnType();
    if (BaseStream.class.isAssignableFrom(returned) || Iterator.class.isAssignableFrom(returned)) {
      problems.add(
          kind.javaName()
              + " method "
              + where
              + " returns "
              + returned.getSimpleName()
              + ", a generator: "
              + GENERATOR_MESSAGE
              + " In Java, return a StreamingResponse.");
    }
    return new EndpointSignatures(problems, kind.javaName()).analyse(method);
  }

  /** The cloud's rules for web_server: a real port, a positive timeout. */
  private void checkWebServer(WebSpec web, Method method, String where) {
    if (web.port() < 1 || web.port() > 65535) {
      problems.add(
          "@WebServer on "
              + where
              + " has port "
              + web.port()
              + ": First argument of `@web_server` must be a local port, such as"
              + " `@web_server(8000)`. Use a port from 1 to 65535.");
    }
    if (!(web.startupTimeout() > 0) || Double.isInfinite(web.startupTimeout())) {
      problems.add(
          "@WebServer on "
              + where
              + " has startupTimeout = "
              + web.startupTimeout()
              + ": The `startup_timeout` argument of `@web_server` must be positive.");
    }
    if (method.getParameterCount() > 0) {
      problems.add(
          "@WebServer method "
              + where
              + " can't have parameters; read configuration inside the method instead");
    }
  }

  /** The rules the cloud has for asgi_app and wsgi_app factories. */
  private void checkFactoryShape(
      WebKind kind, Method method, String where, Class<?> product, String productWords) {
    Class<?> returned = method.getReturnType();
    boolean async =
        CompletionStage.class.isAssignableFrom(returned) || Future.class.isAssignableFrom(returned);
    if (async) {
      problems.add(
          kind.javaName()
              + " method "
              + where
              + " can't be async (it returns "
              + returned.getSimpleName()
              + "); return the "
              + product.getSimpleName()
              + " itself");
    }
    if (method.getParameterCount() > 0) {
      problems.add(
          kind.javaName()
              + " method "
              + where
              + " can't have parameters; read configuration inside the method instead");
    }
    if (!async && !product.isAssignableFrom(returned)) {
      problems.add(
          kind.javaName()
              + " method "
              + where
              + " must return "
              + product.getName()
              + ", not "
              + returned.getSimpleName()
              + "; return "
              + productWords);
    }
  }

  private void checkDomains(WebSpec web, String where) {
    List<String> seen = new ArrayList<>();
    for (String domain : web.customDomains()) {
      String canonical = CustomDomains.canonical(domain);
      if (!CustomDomains.isWellFormed(canonical)) {
        problems.add(
            "custom domain \""
                + domain
                + "\" of "
                + where
                + " is not a host name; use a name such as api.example.com");
      } else if (CustomDomains.isReserved(canonical)) {
        problems.add(
            "custom domain \""
                + domain
                + "\" of "
                + where
                + " is reserved for label URLs; use a domain you own, such as api.example.com");
      } else if (seen.contains(canonical)) {
        problems.add("custom domain \"" + domain + "\" is listed twice on " + where);
      }
      seen.add(canonical);
    }
  }
}
