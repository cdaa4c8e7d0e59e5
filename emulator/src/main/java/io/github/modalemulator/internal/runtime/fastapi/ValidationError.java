package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of a 422's {@code detail} list, in pydantic v2's shape as FastAPI sends it (no {@code
 * url}; {@code ctx} only when the error type has one).
 */
@JsonPropertyOrder({"type", "loc", "msg", "input", "ctx"})
record ValidationError(
    String type,
    List<Object> loc,
    String msg,
    Object input,
    @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> ctx) {

  static final String FIELD_REQUIRED = "Field required";

  static ValidationError missing(List<Object> loc, Object input) {
    return new ValidationError("missing", loc, FIELD_REQUIRED, input, null);
  }

  /** {@code base} with {@code more} appended: error locations grow as values nest. */
  static List<Object> loc(List<Object> base, Object... more) {
    List<Object> loc = new ArrayList<>(base.size() + more.length);
    loc.addAll(base);
    loc.addAll(List.of(more));
    return List.copyOf(loc);
  }

  /** What went wrong with one value, before it has a location. */
  record Problem(String type, String msg, Map<String, Object> ctx) {
    Problem(String type, String msg) {
      this(type, msg, null);
    }

    ValidationError at(List<Object> loc, Object input) {
      return new ValidationError(type, loc, msg, input, ctx);
    }
  }
}
