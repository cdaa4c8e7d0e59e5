package io.github.modalemulator;

import java.util.List;

/**
 * A definition error, the Java face of {@code modal.exception.InvalidError}: something about the
 * annotated apps can't work. It is thrown before any port is bound, and lists every problem found,
 * one a line, each naming the class and method in brackets and how to fix it.
 */
public class InvalidError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** One problem. */
  public InvalidError(String problem) {
    this(List.of(problem));
  }

  /** Several problems, reported together. */
  public InvalidError(List<String> problems) {
    super(String.join("\n", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidError needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** The problems, one an entry, in the order they were found. */
  public List<String> problems() {
    return problems;
  }
}
