package io.github.modalemulator.internal.definition;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * A pool's definitions found again among the classes of another loader: a container that reads the
 * app anew (its own static state) runs these, not the classes the definitions were validated on.
 * Everything is found by name (a class by its name, a method by its name and its parameter types'
 * names, a field by its name); the values (labels, scaling, parameter values) are kept. The app was
 * validated already: nothing is checked again, and the endpoint bindings are read again from the
 * new method by the same rules.
 */
public final class Relocation {
  private final ClassLoader loader;

  private Relocation(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * {@code spec} with its classes, methods and fields from {@code loader}.
   *
   * @throws ReflectiveOperationException when {@code loader} lacks one (its class path is not the
   *     one the definitions were read from)
   */
  public static PoolSpec of(PoolSpec spec, ClassLoader loader) throws ReflectiveOperationException {
    return new Relocation(loader).pool(spec);
  }

  private PoolSpec pool(PoolSpec spec) throws ReflectiveOperationException {
    ClsSpec cls = spec.cls() == null ? null : cls(spec.cls());
    List<FunctionDefinition> functions = new ArrayList<>(spec.functions().size());
    for (FunctionDefinition function : spec.functions()) {
      functions.add(function(function, cls));
    }
    return new PoolSpec(spec.name(), cls, functions, spec.scaling());
  }

  private ClsSpec cls(ClsSpec cls) throws ReflectiveOperationException {
    Class<?> type = type(cls.type());
    Constructor<?> constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    List<Method> enter = new ArrayList<>();
    for (Method hook : cls.enter()) {
      enter.add(method(hook));
    }
    List<Method> exit = new ArrayList<>();
    for (Method hook : cls.exit()) {
      exit.add(method(hook));
    }
    List<ParameterSpec> parameters = new ArrayList<>();
    for (ParameterSpec parameter : cls.parameters()) {
      Field field = type.getDeclaredField(parameter.name());
      field.setAccessible(true);
      parameters.add(new ParameterSpec(field, parameter.type(), parameter.defaultValue()));
    }
    return new ClsSpec(type, constructor, enter, exit, parameters, cls.values());
  }

  private FunctionDefinition function(FunctionDefinition function, ClsSpec cls)
      throws ReflectiveOperationException {
    Method method = method(function.method());
    EndpointSignature endpoint = null;
    if (function.endpoint() != null) {
      List<String> problems = new ArrayList<>();
      endpoint = new EndpointSignatures(problems, function.web().kind().javaName()).analyse(method);
      if (endpoint == null) {
        throw new NoSuchMethodException(
            function.where() + " reads differently from " + loader + ": " + problems);
      }
    }
    return new FunctionDefinition(
        function.appName(),
        function.name(),
        method,
        function.scaling(),
        function.web(),
        function.label(),
        endpoint,
        cls);
  }

  private Method method(Method method) throws ReflectiveOperationException {
    Class<?>[] parameters = method.getParameterTypes();
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = type(parameters[i]);
    }
    Method found = type(method.getDeclaringClass()).getDeclaredMethod(method.getName(), parameters);
    found.setAccessible(true);
    return found;
  }

  private Class<?> type(Class<?> type) throws ClassNotFoundException {
    return type.isPrimitive() ? type : Class.forName(type.getName(), false, loader);
  }
}
