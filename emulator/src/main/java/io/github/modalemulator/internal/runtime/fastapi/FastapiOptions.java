package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import com.fasterxml.jackson.databind.util.LookupCache;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.internal.isolation.ContainerLoader;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the {@code @FastapiEndpoint}s of one emulator are served with: the user's mapper, the
 * FastAPI releases to answer as, and what is made from the mapper. Containers that run the
 * emulator's own classes share them; a container with classes of its own gets copies with caches of
 * its own ({@link #forClassesOf}), which go when it stops.
 *
 * @param json reads request bodies
 * @param stack the FastAPI, Starlette and pydantic releases answered as
 * @param results writes results as FastAPI does ({@link PythonJson})
 * @param bodies parses request bodies with Python's JSON rules
 * @param constraints Bean Validation per app class loader, found once; a container's options
 *     ({@link #forClassesOf}) hold the container's own, closed as it stops
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

  /**
   * The constraint checks of an app's bodies, found on its first container's start: one provider
   * for the loader the app was defined from, checking every container's copy of its records (their
   * constraint annotations are the one shared Bean Validation API).
   */
  BodyConstraints constraintsOf(ClassLoader appLoader) {
    return constraints.computeIfAbsent(
        ContainerLoader.originOf(appLoader), BodyConstraints::detect);
  }

  /**
   * What a container whose classes are its own uses: mappers of its own, so that Jackson's caches
   * of its records' types and (de)serializers go with the container instead of holding its classes
   * for the emulator's life, and constraint checks of its own ({@link ContainerConstraints}). Else
   * these options themselves, whose caches every container shares.
   */
  FastapiOptions forClassesOf(ClassLoader appLoader) {
    if (!(appLoader instanceof ContainerLoader)) {
      return this;
    }
    ObjectMapper own = ownCopy(json);
    if (own == json) {
      return this; // a subclass without copy(): shared, as it was given
    }
    Map<ClassLoader, BodyConstraints> itsOwn = new ConcurrentHashMap<>();
    itsOwn.put(ContainerLoader.originOf(appLoader), new ContainerConstraints(appLoader));
    return new FastapiOptions(own, stack, PythonJson.writer(own), bodies, itsOwn);
  }

  /**
   * The container these options were made for ({@link #forClassesOf}) stopped: its constraint
   * checks end. Options shared by containers have none of their own, and keep theirs.
   */
  void containerStopped() {
    for (BodyConstraints checks : constraints.values()) {
      if (checks instanceof ContainerConstraints own) {
        own.close();
      }
    }
  }

  /**
   * A copy of {@code mapper} whose caches are all its own, or {@code mapper} itself when it can't
   * be copied (a subclass without {@code copy()}). {@code copy()} alone shares the mapper's type
   * factory, and with it the cache of the types it resolved: a mapper made with {@code new
   * ObjectMapper()} shares Jackson's one default factory, so a container's records resolved there
   * stayed in that cache, and held the container's class loader and all its classes, after the
   * container, or the whole emulator, had stopped.
   */
  public static ObjectMapper ownCopy(ObjectMapper mapper) {
    ObjectMapper own;
    try {
      own = mapper.copy();
    } catch (IllegalStateException noCopy) {
      return mapper;
    }
    TypeFactory types = own.getTypeFactory();
    if (types.getClass() == TypeFactory.class) {
      LookupCache<Object, JavaType> cache = new LRUMap<>(16, TypeFactory.DEFAULT_MAX_CACHE_SIZE);
      own.setTypeFactory(types.withCache(cache));
    }
    // A factory of the user's own class stays as it is (withCache makes a plain TypeFactory): its
    // cache, if it shares one, may keep a stopped container's records.
    return own;
  }
}
