package io.github.modalemulator.internal.calls;

import io.github.modalemulator.MapOptions;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One function as calls reach it: a deployed one, a web one (which refuses calls), or a stub. */
public interface CallTarget {
  String app();

  /** As calls and logs name it: {@code process}, {@code Model.predict}. */
  String name();

  /** Whether it yields ({@code remote_gen}) rather than returns; null when unknown (a stub). */
  Boolean generator();

  /** Its URL when it is a web function. */
  Optional<String> webUrl();

  /** Its URL when it is a server ({@code Server.get_url()}); empty otherwise. */
  default Optional<String> serverUrl() {
    return webUrl();
  }

  /**
   * One input: the arguments cross the boundary now (a {@link
   * io.github.modalemulator.SerializationError} if they can't), then it queues for a container.
   *
   * @param verb the client's word for how it was called: {@code remote}, {@code spawn}, {@code
   *     map}, {@code remote_gen}
   */
  Invocation start(List<?> arguments, String verb);

  /**
   * A map's results where the target maps every input itself (the bridge: with the client's {@code
   * map} or {@code starmap}), as {@link MapRun} gives them: read by {@code reader}, a failure
   * thrown or, with {@code returnExceptions}, in its input's place; null when each input is started
   * on its own ({@link #start}).
   *
   * @param verb {@code map} (one argument an input) or {@code starmap}
   */
  default Iterator<Object> map(
      List<List<?>> inputs, MapOptions options, String verb, Function<Object, Object> reader) {
    return null;
  }
}
