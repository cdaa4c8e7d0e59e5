package io.github.modalemulator.internal.definition;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Concurrent;
import io.github.modalemulator.Enter;
import io.github.modalemulator.Exit;
import io.github.modalemulator.Function;
import io.github.modalemulator.HttpServer;
import io.github.modalemulator.Parameter;
import io.github.modalemulator.Server;
import io.undertow.server.HttpHandler;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
    Resources.of(app).check("@App on " + Methods.describeNested(type), problems);
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
      if (method.isAnnotationPresent(io.github.modalemulator.Method.class)) {
        problems.add(
            "@Method on "
                + Methods.describe(method)
                + " belongs on an instance method of a @Cls class; a function of the app is a"
                + " static @Function method, which code calls as it is");
      }
      FunctionDefinition function = scanMethod(appName, method);
      if (function != null && nameValid) {
        functions.add(function);
      }
    }
    Class<?>[] nested = type.getDeclaredClasses();
    Arrays.sort(nested, Comparator.comparing(Class::getName));
    for (Class<?> inner : nested) {
      if (inner.isAnnotationPresent(Cls.class) || inner.isAnnotationPresent(Server.class)) {
        List<FunctionDefinition> methodsOfCls = scanCls(appName, inner);
        if (nameValid) {
          functions.addAll(methodsOfCls);
        }
      } else {
        refuseClsOnlyAnnotations(inner);
      }
    }
    Map<String, FunctionDefinition> byName = new java.util.HashMap<>();
    for (FunctionDefinition function : functions) {
      FunctionDefinition other = byName.putIfAbsent(function.name(), function);
      if (other != null) {
        problems.add(
            "the name "
                + function.name()
                + " is taken by both "
                + other.where()
                + " and "
                + function.where()
                + "; functions are called by name, so give each its own (Java overloads can't"
                + " both be functions)");
      }
    }
    return new AppDefinition(appName, type, functions);
  }

  /** The web methods of a {@code @Cls} class, sharing its containers; empty if it has problems. */
  private List<FunctionDefinition> scanCls(String appName, Class<?> type) {
    int before = problems.size();
    String where = Methods.describeNested(type);
    Server server = type.getAnnotation(Server.class);
    String what = server != null ? "@Server" : "@Cls";
    boolean nested = Modifier.isStatic(type.getModifiers());
    if (!nested) {
      problems.add(
          what
              + " class "
              + where
              + " must be a static nested class (an inner class needs an outer instance); declare"
              + " it static");
    }
    if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
      problems.add(
          what + " class " + where + " is abstract; each container makes an instance of it");
    }
    Constructor<?> constructor = null;
    try {
      constructor = type.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      if (nested) { // an inner class's constructors all take the outer instance: said above
        problems.add(
            what
                + " class "
                + where
                + " has no constructor without parameters; add one (set state up in an @Enter"
                + " method)");
      }
    }
    Cls cls = type.getAnnotation(Cls.class);
    Concurrent concurrent = type.getAnnotation(Concurrent.class);
    if (server == null) {
      Scaling.check(null, cls, concurrent, where, problems);
      Resources.of(null, cls).check("@Cls on " + where, problems);
    }
    List<Method> methods = sortedDeclaredMethods(type);
    List<Method> enter = new ArrayList<>();
    List<Method> exit = new ArrayList<>();
    for (Method method : methods) {
      boolean isEnter = method.isAnnotationPresent(Enter.class);
      boolean isExit = method.isAnnotationPresent(Exit.class);
      if (isEnter && isExit) {
        problems.add("method " + Methods.describe(method) + " has both @Enter and @Exit; keep one");
      } else if (isEnter || isExit) {
        checkHook(isEnter ? "@Enter" : "@Exit", method);
        (isEnter ? enter : exit).add(method);
      }
    }
    List<Method> webMethods = new ArrayList<>();
    List<Method> called = new ArrayList<>();
    for (Method method : methods) {
      String at = Methods.describe(method);
      boolean web =
          WebKind.methodKinds().stream().anyMatch(k -> method.isAnnotationPresent(k.annotation()));
      if (method.isAnnotationPresent(io.github.modalemulator.Method.class)) {
        if (web) {
          problems.add(
              "@Method on "
                  + at
                  + " can't go with a web annotation: a method is either served on the web or"
                  + " called by code; keep one");
        } else if (Modifier.isStatic(method.getModifiers())) {
          problems.add(
              "@Method method "
                  + at
                  + " must be an instance method, so it runs on the container's instance (set up"
                  + " by its @Enter methods); remove static");
        } else {
          called.add(method);
        }
      }
      if (method.isAnnotationPresent(Function.class)) {
        problems.add(
            "@Function on "
                + at
                + " can't be used on a method of a @Cls class; the class's @Cls settings apply"
                + " to all its methods");
      }
      if (method.isAnnotationPresent(Concurrent.class)) {
        problems.add(
            "@Concurrent on "
                + at
                + " belongs on the @Cls class, which sets it for all its methods; move it there");
      }
      if (web) {
        webMethods.add(method);
      }
    }
    List<ParameterSpec> parameters = scanParameters(type);
    boolean usable = problems.size() == before;
    if (usable) {
      parameters.forEach(p -> p.field().setAccessible(true));
      constructor.setAccessible(true);
      enter.forEach(m -> m.setAccessible(true));
      exit.forEach(m -> m.setAccessible(true));
    }
    // Checked even when the class has problems, so every problem is reported at once.
    ClsSpec spec = new ClsSpec(type, constructor, enter, exit, parameters, Map.of());
    HttpServer httpServer = type.getAnnotation(HttpServer.class);
    if (server != null || httpServer != null) {
      FunctionDefinition served =
          new ServerScanner(problems)
              .scan(appName, spec, server, httpServer, cls, concurrent, webMethods, called);
      return problems.size() > before || served == null ? List.of() : List.of(served);
    }
    Scaling scaling = Scaling.of(cls, concurrent);
    List<FunctionDefinition> functions = new ArrayList<>();
    for (Method method : webMethods) {
      FunctionDefinition function = scanClsMethod(appName, spec, scaling, method);
      if (function != null) {
        functions.add(function);
      }
    }
    for (Method method : called) {
      functions.add(called(appName, spec.name() + "." + method.getName(), method, scaling, spec));
    }
    return problems.size() > before ? List.of() : functions;
  }

  /**
   * The {@code @Parameter} fields of a class, in name order. The cloud's rules: modal-client {@code
   * py/modal/cls.py} ({@code _validate_construction_mechanism}: annotated fields of a supported
   * type; {@code init=False} is no parameter) and {@code py/modal/_type_manager.py} (the types and
   * the message).
   */
  private List<ParameterSpec> scanParameters(Class<?> type) {
    List<Field> fields = new ArrayList<>(List.of(type.getDeclaredFields()));
    fields.sort(Comparator.comparing(Field::getName));
    List<ParameterSpec> parameters = new ArrayList<>();
    for (Field field : fields) {
      Parameter parameter = field.getAnnotation(Parameter.class);
      if (parameter == null || !parameter.init()) {
        continue;
      }
      String where = "[" + type.getSimpleName() + "." + field.getName() + "]";
      int before = problems.size();
      if (Modifier.isStatic(field.getModifiers())) {
        problems.add(
            "@Parameter field "
                + where
                + " is static; each parameter set has containers of its own, with the value on"
                + " their instance: make it an instance field");
      }
      if (Modifier.isFinal(field.getModifiers())) {
        problems.add(
            "@Parameter field "
                + where
                + " is final; its value is set before @Enter methods run: remove final");
      }
      ParameterSpec.Type cloudType = ParameterSpec.Type.of(field.getType());
      if (cloudType == null) {
        problems.add(
            "@Parameter field "
                + where
                + ": Class parameter '"
                + field.getName()
                + "': "
                + field.getType().getSimpleName()
                + " is not a supported modal.parameter() type. Use one of: int, str, bytes, bool"
                + " (in Java: long or int, String, byte[], boolean)");
      }
      if (problems.size() > before) {
        continue;
      }
      ParameterSpec spec = new ParameterSpec(field, cloudType, null);
      Object defaultValue = null;
      if (!Parameter.NO_DEFAULT.equals(parameter.defaultValue())) {
        try {
          defaultValue = spec.parse(parameter.defaultValue());
        } catch (IllegalArgumentException e) {
          problems.add(
              "@Parameter field "
                  + where
                  + " has the default \""
                  + parameter.defaultValue()
                  + "\", which is not "
                  + e.getMessage()
                  + "; give a default of its type");
          continue;
        }
      }
      parameters.add(new ParameterSpec(field, cloudType, defaultValue));
    }
    return parameters;
  }

  private void checkHook(String what, Method method) {
    String where = Methods.describe(method);
    if (Modifier.isStatic(method.getModifiers())) {
      problems.add(
          what + " method " + where + " must be an instance method; it runs on the instance");
    }
    if (method.getParameterCount() > 0) {
      problems.add(what + " method " + where + " can't have parameters");
    }
    Class<?> returned = method.getReturnType();
    if (CompletionStage.class.isAssignableFrom(returned)
        || Future.class.isAssignableFrom(returned)) {
      problems.add(
          what
              + " method "
              + where
              + " can't be async (it returns "
              + returned.getSimpleName()
              + "); do the work before returning");
    }
  }

  /** Annotations that only mean something inside a {@code @Cls} class, found outside one. */
  private void refuseClsOnlyAnnotations(Class<?> type) {
    if (type.isAnnotationPresent(HttpServer.class)) {
      problems.add(
          "@HttpServer on "
              + Methods.describeNested(type)
              + " needs @Cls on the class too, as @modal.experimental.http_server goes with"
              + " @app.cls(); add @Cls");
    }
    for (Method method : type.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Enter.class) || method.isAnnotationPresent(Exit.class)) {
        problems.add(
            "@Enter/@Exit on "
                + Methods.describe(method)
                + " has no effect: its class "
                + Methods.describeNested(type)
                + " has no @Cls; annotate the class with @Cls");
      }
    }
  }

  private FunctionDefinition scanClsMethod(
      String appName, ClsSpec cls, Scaling scaling, Method method) {
    List<WebKind> kinds =
        WebKind.methodKinds().stream()
            .filter(k -> method.isAnnotationPresent(k.annotation()))
            .toList();
    String where = Methods.describe(method);
    int before = problems.size();
    if (Modifier.isStatic(method.getModifiers())) {
      problems.add(
          kinds.get(0).javaName()
              + " method "
              + where
              + " of a @Cls class must be an instance method, so it runs on the container's"
              + " instance; remove static");
    }
    return webFunction(
        appName,
        method,
        kinds,
        before,
        cls.name() + "." + method.getName(),
        Labels.defaultLabel(appName, cls.name(), method.getName()),
        scaling,
        cls);
  }

  static List<Method> sortedDeclaredMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && !m.isBridge())
        .sorted(Comparator.comparing(Method::getName).thenComparing(Methods::describe))
        .toList();
  }

  private FunctionDefinition scanMethod(String appName, Method method) {
    Function settings = method.getAnnotation(Function.class);
    List<WebKind> kinds =
        WebKind.methodKinds().stream()
            .filter(k -> method.isAnnotationPresent(k.annotation()))
            .toList();
    if (settings == null && kinds.isEmpty()) {
      return null;
    }
    String where = Methods.describe(method);
    int before = problems.size();
    if (method.isAnnotationPresent(Enter.class) || method.isAnnotationPresent(Exit.class)) {
      problems.add(
          "@Enter/@Exit on "
              + where
              + " has no effect outside a @Cls class; move it to a method of a @Cls class");
    }
    if (!Modifier.isStatic(method.getModifiers())) {
      String what = settings != null ? "@Function" : kinds.get(0).javaName();
      problems.add(
          what + " method " + where + " must be static; declare it static in the @App class");
    }
    Concurrent concurrent = method.getAnnotation(Concurrent.class);
    if (settings != null) {
      Scaling.check(settings, null, concurrent, where, problems);
      Resources.of(null, settings).check("@Function on " + where, problems);
    }
    if (kinds.isEmpty()) {
      // A function that code calls: remote, spawn, map...
      return problems.size() > before
          ? null
          : called(appName, method.getName(), method, Scaling.of(settings, concurrent), null);
    }
    if (settings == null && kinds.size() == 1) {
      problems.add(
          kinds.get(0).javaName()
              + " method "
              + where
              + " has no @Function; add @Function so the app runs it (as @app.function() does)");
    }
    return webFunction(
        appName,
        method,
        kinds,
        before,
        method.getName(),
        Labels.defaultLabel(appName, method.getName()),
        Scaling.of(settings, concurrent),
        null);
  }

  /** The checks every web method gets, static function or method of a class. */
  private FunctionDefinition webFunction(
      String appName,
      Method method,
      List<WebKind> kinds,
      int before,
      String name,
      String defaultLabel,
      Scaling scaling,
      ClsSpec cls) {
    String where = Methods.describe(method);
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
    Annotation annotation = method.getAnnotation(kind.annotation());
    WebSpec web = WebSpec.of(kind, annotation);
    EndpointSignature endpoint = null;
    switch (kind) {
      case FASTAPI_ENDPOINT, WEB_ENDPOINT ->
          endpoint = checkEndpointShape(kind, web, method, where);
      case ASGI_APP ->
          checkFactoryShape(
              kind, method, where, List.of(HttpHandler.class), "the app's root handler");
      case WSGI_APP ->
          checkFactoryShape(
              kind,
              method,
              where,
              List.of(Servlet.class, ServletContainerInitializer.class),
              "the app's servlet, or a ServletContainerInitializer that sets up the whole servlet"
                  + " application (Spring Boot's: new SpringServletContainerInitializer())");
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
    String label = web.label().isEmpty() ? defaultLabel : web.label();
    return new FunctionDefinition(
        appName,
        name,
        method,
        kind == WebKind.WEB_SERVER
            ? scaling.forWebServer(
                method.isAnnotationPresent(Concurrent.class)
                    || (cls != null && cls.type().isAnnotationPresent(Concurrent.class)))
            : scaling,
        web,
        label,
        endpoint,
        cls);
  }

  /** A function that code calls (no web annotation); its checks were made by the caller. */
  private FunctionDefinition called(
      String appName, String name, Method method, Scaling scaling, ClsSpec cls) {
    method.setAccessible(true);
    return new FunctionDefinition(appName, name, method, scaling, null, null, null, cls);
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
  /**
   * The rules for an app factory: no parameters, not async, and a return type that is exactly one
   * of {@code products} (a type that is both would leave the emulator guessing what it serves).
   */
  private void checkFactoryShape(
      WebKind kind, Method method, String where, List<Class<?>> products, String productWords) {
    Class<?> returned = method.getReturnType();
    String names = String.join(" or ", products.stream().map(Class::getSimpleName).toList());
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
              + names
              + " itself");
    }
    if (method.getParameterCount() > 0) {
      problems.add(
          kind.javaName()
              + " method "
              + where
              + " can't have parameters; read configuration inside the method instead");
    }
    List<Class<?>> fitting =
        products.stream().filter(product -> product.isAssignableFrom(returned)).toList();
    if (!async && fitting.isEmpty()) {
      problems.add(
          kind.javaName()
              + " method "
              + where
              + " must return "
              + String.join(" or ", products.stream().map(Class::getName).toList())
              + ", not "
              + returned.getSimpleName()
              + "; return "
              + productWords);
    } else if (fitting.size() > 1) {
      problems.add(
          kind.javaName()
              + " method "
              + where
              + " returns "
              + returned.getSimpleName()
              + ", which is both a "
              + String.join(" and a ", products.stream().map(Class::getSimpleName).toList())
              + "; return one of them, so that it is clear what the app serves");
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
