package io.github.modalemulator.internal.definition;

import java.util.List;

/** A validated {@code @App} class and its web functions. */
public record AppDefinition(String name, Class<?> type, List<FunctionDefinition> functions) {
  public AppDefinition {
    functions = List.copyOf(functions);
  }
}
