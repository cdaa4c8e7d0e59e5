package io.github.modalemulator.internal.calls;

import java.util.List;
import java.util.Optional;

/** One function as calls reach it: a deployed one, a web one (which refuses calls), or a stub. */
public interface CallTarget {
  String app();

  /** As calls and logs name it: {@code process}, {@code Model.predict}. */
  String name();

  /** Whether it yields ({@code remote_gen}) rather than returns; null when unknown (a stub). */
  Boolean generator();

  /** Its URL when it is a web function. */
  Optional<String> webUrl();

  /**
   * One input: the arguments cross the boundary now (a {@link
   * io.github.modalemulator.SerializationError} if they can't), then it queues for a container.
   *
   * @param verb the client's word for how it was called: {@code remote}, {@code spawn}, {@code
   *     map}, {@code remote_gen}
   */
  Invocation start(List<?> arguments, String verb);
}
