package io.github.modalemulator.internal.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.Response;
import io.github.modalemulator.StreamingResponse;
import io.github.modalemulator.emulator.WebCallException;
import io.github.modalemulator.internal.definition.EndpointSignature;
import io.github.modalemulator.internal.definition.FunctionDefinition;
import io.github.modalemulator.internal.definition.WebKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Typed test clients: a call of a web function's Java method becomes a real HTTP request through
 * the emulator, with the arguments placed as the endpoint binds them (query, headers, JSON body),
 * and the JSON answer read back into the method's return type.
 */
public final class WebClients {
  /**
   * A web function as a client reaches it.
   *
   * @param parameters values of the class's {@code @Parameter} fields, as text: sent in the query
   */
  public record Target(FunctionDefinition function, String url, Map<String, String> parameters) {
    public Target {
      parameters = Map.copyOf(parameters);
    }

    public Target(FunctionDefinition function, String url) {
      this(function, url, Map.of());
    }
  }

  /** The Java method called, and the type its answer is read as. */
  public record Shape(Method method, Type answer) {}

  private final HttpClient http;
  private final ObjectMapper json;

  /** The generated class's field that holds its client's handler. */
  private static final String HANDLER_FIELD = "modalEmulatorHandler";

  /** One generated class per client type, whatever the emulator; unloaded with the type. */
  private static final ClassValue<Class<?>> GENERATED =
      new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> type) {
          return generate(type);
        }
      };

  public WebClients(HttpClient http, ObjectMapper json) {
    this.http = http;
    this.json = json;
  }

  /** An instance of a subclass of {@code type} whose web methods call {@code targets}. */
  public <T> T client(Class<T> type, List<Target> targets) {
    Map<Method, Target> byMethod = new LinkedHashMap<>();
    for (Target target : targets) {
      byMethod.put(target.function().method(), target);
    }
    List<String> unusable = new ArrayList<>();
    for (Method method : byMethod.keySet()) {
      if (Modifier.isPrivate(method.getModifiers()) || Modifier.isFinal(method.getModifiers())) {
        unusable.add(method.getName());
      }
    }
    if (Modifier.isFinal(type.getModifiers()) || !unusable.isEmpty()) {
      throw new IllegalArgumentException(
          "a client of "
              + type.getName()
              + " overrides its web methods, so "
              + (unusable.isEmpty()
                  ? "the class can't be final"
                  : "these can't be private or final: " + unusable));
    }
    Class<?> subclass = GENERATED.get(type);
    try {
      var constructor = subclass.getDeclaredConstructor();
      constructor.setAccessible(true);
      Object client = constructor.newInstance();
      InvocationHandler handler =
          (proxy, method, args) ->
              call(
                  byMethod.get(method),
                  new Shape(method, method.getGenericReturnType()),
                  args == null ? new Object[0] : args);
      var field = subclass.getDeclaredField(HANDLER_FIELD);
      field.setAccessible(true);
      field.set(client, handler);
      return type.cast(client);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "could not make a client of "
              + type.getName()
              + " (in a named module, open its package to the emulator)",
          e);
    }
  }

  private static Method[] webMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(
            m ->
                WebKind.methodKinds().stream().anyMatch(k -> m.isAnnotationPresent(k.annotation())))
        .toArray(Method[]::new);
  }

  /** A subclass whose web methods (every method with a web annotation) call its handler field. */
  private static Class<?> generate(Class<?> type) {
    try {
      return new ByteBuddy()
          .subclass(type)
          .name(type.getName() + "$ModalEmulatorClient")
          .defineField(HANDLER_FIELD, InvocationHandler.class, Modifier.PRIVATE)
          .method(ElementMatchers.anyOf(webMethods(type)))
          .intercept(InvocationHandlerAdapter.toField(HANDLER_FIELD))
          .make()
          .load(
              type.getClassLoader(),
              ClassLoadingStrategy.UsingLookup.of(
                  MethodHandles.privateLookupIn(type, MethodHandles.lookup())))
          .getLoaded();
    } catch (IllegalAccessException | RuntimeException e) {
      throw new IllegalStateException(
          "the emulator can't define a client class beside "
              + type.getName()
              + " (in a named module, open its package to the emulator)",
          e);
    }
  }

  /** Calls the function with these arguments (the method's own parameters) and reads the answer. */
  public Object call(Target target, Shape shape, Object[] args) {
    FunctionDefinition function = target.function();
    WebKind kind = function.web().kind();
    if (kind != WebKind.FASTAPI_ENDPOINT && kind != WebKind.WEB_ENDPOINT) {
      throw new UnsupportedOperationException(
          function.name()
              + " is "
              + kind.javaName()
              + ": it has routes of its own, so a typed client can't call it; send requests to "
              + target.url());
    }
    List<EndpointSignature.Param> params = function.endpoint().parameters();
    for (EndpointSignature.Param param : params) {
      if (param instanceof EndpointSignature.FormParam
          || param instanceof EndpointSignature.FileParam
          || param instanceof EndpointSignature.CookieParam) {
        throw new UnsupportedOperationException(
            function.name()
                + " takes "
                + (param instanceof EndpointSignature.CookieParam ? "a cookie " : "a form field ")
                + param.name()
                + ", which a typed client doesn't send; send requests to "
                + target.url()
                + " instead");
      }
      if (param instanceof EndpointSignature.DependsParam d && sendsValues(d.parameters())) {
        throw new UnsupportedOperationException(
            function.name()
                + " has a @Depends parameter "
                + d.name()
                + " whose provider reads the request (query, headers or body); a typed client"
                + " sends only the method's own parameters, so send requests to "
                + target.url()
                + " instead");
      }
    }
    if (args.length != params.size()) {
      throw new IllegalArgumentException(
          function.name() + " takes " + params.size() + " arguments, got " + args.length);
    }
    List<String> query = new ArrayList<>();
    new java.util.TreeMap<>(target.parameters())
        .forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
    List<String[]> headers = new ArrayList<>();
    Map<String, Object> embedded = new LinkedHashMap<>();
    Object body = null;
    boolean hasBody = false;
    for (int i = 0; i < params.size(); i++) {
      EndpointSignature.Param param = params.get(i);
      Object arg = args[i];
      if (param instanceof EndpointSignature.QueryParam q) {
        for (Object value : values(arg)) {
          query.add(encode(q.name()) + "=" + encode(text(value)));
        }
      } else if (param instanceof EndpointSignature.HeaderParam h) {
        for (Object value : values(arg)) {
          headers.add(new String[] {h.name(), text(value)});
        }
      } else if (param instanceof EndpointSignature.BodyParam b) {
        Object value = arg instanceof Optional<?> o ? o.orElse(null) : arg;
        if (function.endpoint().bodyEmbedded()) {
          embedded.put(b.name(), value);
          hasBody = true;
        } else if (value != null || !b.optional()) {
          body = value;
          hasBody = true;
        }
      }
      // Request and Depends parameters are the server's to fill: their arguments are not sent.
    }
    String url = target.url() + "/" + (query.isEmpty() ? "" : "?" + String.join("&", query));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(h -> request.header(h[0], h[1]));
    try {
      if (hasBody) {
        byte[] bytes = json.writeValueAsBytes(function.endpoint().bodyEmbedded() ? embedded : body);
        request
            .header("Content-Type", "application/json")
            .method(function.web().method(), HttpRequest.BodyPublishers.ofByteArray(bytes));
      } else {
        request.method(function.web().method(), HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new WebCallException(
            function.web().method() + " " + url, response.statusCode(), response.body());
      }
      return read(shape.answer(), response.body(), function);
    } catch (IOException e) {
      throw new UncheckedIOException("calling " + function.name() + " at " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + function.name(), e);
    }
  }

  private Object read(Type returned, String body, FunctionDefinition function) throws IOException {
    if (returned == void.class || returned == Void.class) {
      return null;
    }
    Class<?> raw = json.getTypeFactory().constructType(returned).getRawClass();
    if (Response.class.isAssignableFrom(raw) || StreamingResponse.class.isAssignableFrom(raw)) {
      throw new UnsupportedOperationException(
          function.name()
              + " returns a "
              + raw.getSimpleName()
              + ", which a typed client can't rebuild; send requests to its URL instead");
    }
    if (CompletionStage.class.isAssignableFrom(raw)) {
      Type inner =
          returned instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
      return CompletableFuture.completedFuture(read(inner, body, function));
    }
    JavaType type = json.getTypeFactory().constructType(returned);
    return body.isEmpty() ? null : json.readValue(body, type);
  }

  private static boolean sendsValues(List<EndpointSignature.Param> params) {
    for (EndpointSignature.Param param : params) {
      if (param instanceof EndpointSignature.QueryParam
          || param instanceof EndpointSignature.HeaderParam
          || param instanceof EndpointSignature.BodyParam
          || param instanceof EndpointSignature.CookieParam
          || param instanceof EndpointSignature.FormParam
          || param instanceof EndpointSignature.FileParam
          || (param instanceof EndpointSignature.DependsParam d && sendsValues(d.parameters()))) {
        return true;
      }
    }
    return false;
  }

  private static List<?> values(Object arg) {
    if (arg == null) {
      return List.of();
    }
    if (arg instanceof Optional<?> optional) {
      return optional.map(List::of).orElse(List.of());
    }
    if (arg instanceof Collection<?> many) {
      return List.copyOf(many);
    }
    return List.of(arg);
  }

  private static String text(Object value) {
    return value instanceof Enum<?> e ? e.name() : String.valueOf(value);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
