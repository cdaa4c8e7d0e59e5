package io.github.modalemulator.internal.calls;

import io.github.modalemulator.Enter;
import io.github.modalemulator.Parameter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;

/**
 * A function run in the caller's thread, as the client's {@code .local()}: no container, no
 * boundary; a class's method on a new instance, its parameters set and {@code @Enter} run first.
 */
public final class LocalCall {
  private LocalCall() {}

  public static Object run(Method method, Map<String, ?> parameters, Object[] arguments)
      throws Exception {
    method.setAccessible(true);
    Object instance = null;
    if (!Modifier.isStatic(method.getModifiers())) {
      Class<?> type = method.getDeclaringClass();
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      instance = unwrapped(() -> constructor.newInstance());
      for (Field field : type.getDeclaredFields()) {
        Parameter parameter = field.getAnnotation(Parameter.class);
        if (parameter == null) {
          continue;
        }
        field.setAccessible(true);
        if (parameters.containsKey(field.getName())) {
          field.set(instance, parameters.get(field.getName()));
        } else if (!Parameter.NO_DEFAULT.equals(parameter.defaultValue())) {
          field.set(instance, parse(parameter.defaultValue(), field.getType()));
        }
      }
      for (String name : parameters.keySet()) {
        Field field = type.getDeclaredField(name);
        if (!field.isAnnotationPresent(Parameter.class)) {
          throw new IllegalArgumentException(
              "\"" + name + "\" is not a @Parameter field of " + type.getSimpleName());
        }
      }
      Method[] enter =
          Arrays.stream(type.getDeclaredMethods())
              .filter(m -> m.isAnnotationPresent(Enter.class))
              .sorted(Comparator.comparing(Method::getName))
              .toArray(Method[]::new);
      for (Method hook : enter) {
        hook.setAccessible(true);
        Object target = instance;
        unwrapped(() -> hook.invoke(target));
      }
    }
    Object target = instance;
    return unwrapped(() -> method.invoke(target, arguments));
  }

  /** A {@code @Parameter} default as its field's type (the scanner checked that it parses). */
  private static Object parse(String text, Class<?> type) {
    if (type == long.class || type == Long.class) {
      return Long.parseLong(text);
    }
    if (type == int.class || type == Integer.class) {
      return Integer.parseInt(text);
    }
    if (type == boolean.class || type == Boolean.class) {
      return Boolean.parseBoolean(text);
    }
    if (type == byte[].class) {
      return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return text;
  }

  private interface Reflective {
    Object call() throws ReflectiveOperationException;
  }

  private static Object unwrapped(Reflective call) throws Exception {
    try {
      return call.call();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      throw cause instanceof Exception exception ? exception : e;
    }
  }
}
