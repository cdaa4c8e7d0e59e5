package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.FastapiStack;
import java.util.Objects;

/**
 * What every {@code @FastapiEndpoint} of one emulator shares: the user's mapper and the FastAPI
 * releases to answer as. One value, so that the runtime passes it along without knowing its parts.
 *
 * @param json reads request bodies and writes results
 * @param stack the FastAPI, Starlette and pydantic releases answered as
 */
public record FastapiOptions(ObjectMapper json, FastapiStack stack) {
  public FastapiOptions {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(stack, "stack");
  }
}
