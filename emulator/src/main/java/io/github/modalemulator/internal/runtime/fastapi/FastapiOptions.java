package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.FastapiStack;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every {@code @FastapiEndpoint} of one emulator shares: the user's mapper, the FastAPI
 * releases to answer as, and what is made from the mapper once for all containers (a container
 * start, which every cold start pays, then makes none of them, and Jackson's caches of serializers
 * are warm from the first request on).
 *
 * @param json reads request bodies
 * @param stack the FastAPI, Starlette and pydantic releases answered as
 * @param results writes results as FastAPI does ({@link PythonJson})
 * @param bodies parses request bodies with Python's JSON rules
 * @param constraints Bean Validation per app class loader, found once (a provider's bootstrap takes
 *     long, and a validator serves every container)
 */
public record FastapiOptions(
    ObjectMapper json,
    FastapiStack stack,
    ObjectMapper results,
    JsonFactory bodies,
    Map<ClassLoader, BodyConstraints> constraints) {
  public FastapiOptions {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(bodies, "bodies");
    Objects.requireNonNull(constraints, "constraints");
  }

  public FastapiOptions(ObjectMapper json, FastapiStack stack) {
    this(
        json,
        stack,
        PythonJson.writer(Objects.requireNonNull(json, "json")),
        RequestScope.JsonDecodeErrors.factory(json),
        new ConcurrentHashMap<>());
  }

  /** The constraint checks of an app's bodies, found on its first container's start. */
  BodyConstraints constraintsOf(ClassLoader appLoader) {
    return constraints.computeIfAbsent(appLoader, BodyConstraints::detect);
  }
}
