package io.github.modalemulator.internal.definition;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code @Cls} class: how a container makes its instance and runs its lifecycle hooks.
 *
 * @param constructor the no-argument constructor, made accessible
 * @param enter the {@code @Enter} methods, in name order, made accessible
 * @param exit the {@code @Exit} methods, in name order, made accessible
 * @param parameters the {@code @Parameter} fields, in name order
 * @param values the values of one parameter set, by name: set on each instance before
 *     {@code @Enter} runs; empty for the class as defined
 */
public record ClsSpec(
    Class<?> type,
    Constructor<?> constructor,
    List<Method> enter,
    List<Method> exit,
    List<ParameterSpec> parameters,
    Map<String, Object> values) {
  public ClsSpec {
    enter = List.copyOf(enter);
    exit = List.copyOf(exit);
    parameters = List.copyOf(parameters);
    values = Map.copyOf(values);
  }

  public ClsSpec(Class<?> type, Constructor<?> constructor, List<Method> enter, List<Method> exit) {
    this(type, constructor, enter, exit, List.of(), Map.of());
  }

  /** The same class with the values of one parameter set (every parameter has one). */
  public ClsSpec withValues(Map<String, Object> values) {
    return new ClsSpec(type, constructor, enter, exit, parameters, values);
  }

  /** Sets the parameter set's values on a new instance, before its {@code @Enter} methods run. */
  public void assignParameters(Object instance) throws IllegalAccessException {
    for (ParameterSpec parameter : parameters) {
      // The class as defined (no values) serves the set of every default.
      Object value = values.getOrDefault(parameter.name(), parameter.defaultValue());
      if (value != null) {
        parameter.field().set(instance, value instanceof byte[] bytes ? bytes.clone() : value);
      }
    }
  }

  /** The class's simple name, as function names and labels use it ({@code MyAPI}). */
  public String name() {
    return type.getSimpleName();
  }
}
