package io.github.modalemulator.internal.definition;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;

/**
 * A validated {@code @Cls} class: how a container makes its instance and runs its lifecycle hooks.
 *
 * @param constructor the no-argument constructor, made accessible
 * @param enter the {@code @Enter} methods, in name order, made accessible
 * @param exit the {@code @Exit} methods, in name order, made accessible
 */
public record ClsSpec(
    Class<?> type, Constructor<?> constructor, List<Method> enter, List<Method> exit) {
  public ClsSpec {
    enter = List.copyOf(enter);
    exit = List.copyOf(exit);
  }

  /** The class's simple name, as function names and labels use it ({@code MyAPI}). */
  public String name() {
    return type.getSimpleName();
  }
}
