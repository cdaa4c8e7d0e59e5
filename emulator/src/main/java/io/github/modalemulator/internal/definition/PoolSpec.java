package io.github.modalemulator.internal.definition;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Function;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Functions that share one pool of containers: a static function alone, or every web method of a
 * {@code @Cls} class (they run in the same containers, as in the cloud).
 *
 * @param name how logs and figures name the pool: the function's name, or the class's ({@code
 *     MyAPI})
 * @param cls the class, or null for a static function
 * @param functions the functions served by each container, in method order
 * @param scaling how its containers scale: a class's functions share their class's settings
 */
public record PoolSpec(
    String name, ClsSpec cls, List<FunctionDefinition> functions, Scaling scaling) {
  public PoolSpec {
    functions = List.copyOf(functions);
    if (functions.isEmpty()) {
      throw new IllegalArgumentException("a pool serves at least one function");
    }
  }

  /**
   * What its containers ask of the cloud: the class's settings, or the function's, over its app's
   * defaults.
   */
  public Resources resources() {
    if (cls != null) {
      Class<?> app = cls.type().getDeclaringClass();
      App defaults = app == null ? null : app.getAnnotation(App.class);
      io.github.modalemulator.Server server =
          cls.type().getAnnotation(io.github.modalemulator.Server.class);
      return server != null
          ? Resources.of(defaults, server)
          : Resources.of(defaults, cls.type().getAnnotation(Cls.class));
    }
    Method method = functions.get(0).method();
    return Resources.of(
        method.getDeclaringClass().getAnnotation(App.class), method.getAnnotation(Function.class));
  }

  PoolSpec(String name, ClsSpec cls, List<FunctionDefinition> functions) {
    this(name, cls, functions, functions.get(0).scaling());
  }

  /** The class loader of the app's code, the context class loader whenever that code runs. */
  public ClassLoader appLoader() {
    return functions.get(0).method().getDeclaringClass().getClassLoader();
  }

  /** What a failed container start blames, as its log line says. */
  public String startBlame() {
    if (cls != null && cls.type().isAnnotationPresent(io.github.modalemulator.Server.class)) {
      return "@Server class " + cls.name() + " (its constructor or an @Enter method)";
    }
    if (cls != null) {
      return "@Cls class " + cls.name() + " (its constructor, an @Enter method or a web method)";
    }
    FunctionDefinition function = functions.get(0);
    return (function.web() == null ? "@Function" : function.web().kind().javaName())
        + " method "
        + function.where();
  }
}
