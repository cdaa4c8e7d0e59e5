package io.github.modalemulator.fastapi.current;

import io.github.modalemulator.App;
import io.github.modalemulator.Body;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Header;
import io.github.modalemulator.HttpException;
import io.github.modalemulator.Request;
import io.github.modalemulator.Response;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Java twins of the 15 endpoints of {@code fastapi-current/fastapi-current-app.py} (test
 * resources), one per label, each with the Python function's name, parameters and result, so that
 * the exchanges captured from the Python side can be replayed here byte for byte.
 */
@App("diff")
public final class DiffApp {
  private DiffApp() {}

  public enum Color {
    red,
    green,
    blue
  }

  public record Owner(long id, Optional<String> email) {}

  public record Item(String name, double price, List<String> tags, Owner owner) {}

  /** A map that keeps its order and takes nulls, as a Python dict literal. */
  static Map<String, Object> dict(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  // 1. required scalars
  @Function
  @FastapiEndpoint(label = "diff-scalars")
  public static Map<String, Object> scalars(String s, int i, double f, boolean b) {
    return dict("s", s, "i", i, "f", f, "b", b);
  }

  // 2. integer widths, floats, decimals (all optional)
  @Function
  @FastapiEndpoint(label = "diff-numbers")
  public static Map<String, Object> numbers(
      Optional<Integer> i32,
      Optional<Long> i64,
      Optional<BigInteger> big,
      Optional<Double> x,
      Optional<BigDecimal> dec) {
    return dict(
        "i32", i32.orElse(null),
        "i64", i64.orElse(null),
        "big", big.orElse(null),
        "x", x.orElse(null),
        "dec", dec.orElse(null));
  }

  // 3. enum, dates, times, UUID (all optional)
  @Function
  @FastapiEndpoint(label = "diff-types")
  public static Map<String, Object> types(
      Optional<Color> color,
      Optional<LocalDate> d,
      Optional<LocalDateTime> dt,
      Optional<OffsetDateTime> dtz,
      Optional<LocalTime> t,
      Optional<UUID> u) {
    return dict(
        "color", color.orElse(null),
        "d", d.orElse(null),
        "dt", dt.orElse(null),
        "dtz", dtz.orElse(null),
        "t", t.orElse(null),
        "u", u.orElse(null));
  }

  // 4. required vs optional vs defaulted (Java has no defaults: an Optional and orElse)
  @Function
  @FastapiEndpoint(label = "diff-optional")
  public static Map<String, Object> optional(
      String q, Optional<Integer> o, Optional<Integer> n, Optional<String> s) {
    return dict("q", q, "o", o.orElse(null), "n", n.orElse(5), "s", s.orElse("x"));
  }

  // 5. repeated query parameters
  @Function
  @FastapiEndpoint(label = "diff-list")
  public static Map<String, Object> lists(List<Integer> ids, List<String> tags) {
    return dict("ids", ids, "tags", tags);
  }

  // 6. dict body
  @Function
  @FastapiEndpoint(method = "POST", label = "diff-dict")
  public static Map<String, Object> dictBody(Map<String, Object> data) {
    return dict("got", data);
  }

  // 7. model body (returned as it is)
  @Function
  @FastapiEndpoint(method = "POST", label = "diff-model")
  public static Item model(Item item) {
    return item;
  }

  // 8. two bodies: embedded by name
  @Function
  @FastapiEndpoint(method = "POST", label = "diff-embed")
  public static Map<String, Object> embed(Item item, Owner owner) {
    return dict("item", item, "owner", owner);
  }

  // 9. a scalar from the body
  @Function
  @FastapiEndpoint(method = "POST", label = "diff-bodyscalar")
  public static Map<String, Object> bodyscalar(@Body String name, Optional<Integer> n) {
    return dict("name", name, "n", n.orElse(null));
  }

  // 10. header parameters
  @Function
  @FastapiEndpoint(label = "diff-headers")
  public static Map<String, Object> headers(
      @Header String xToken,
      @Header Optional<String> userAgent,
      @Header Optional<Integer> xCount,
      @Header List<String> xTags) {
    return dict(
        "x_token",
        xToken,
        "user_agent",
        userAgent.orElse(null),
        "x_count",
        xCount.orElse(null),
        "x_tags",
        xTags);
  }

  // 11. HTTPException and failures
  @Function
  @FastapiEndpoint(label = "diff-errors")
  public static Map<String, Object> errors(String kind) {
    switch (kind) {
      case "str" -> throw new HttpException(418, "short and stout");
      case "dict" ->
          throw new HttpException(
              400, dict("code", 7, "why", List.of("a", "b"), "nested", dict("x", null)));
      case "list" -> throw new HttpException(409, List.of("a", 1));
      case "headers" -> throw new HttpException(401, "nope", Map.of("WWW-Authenticate", "Bearer"));
      case "none" -> throw new HttpException(404, null);
      case "nocontent" -> throw new HttpException(204, null);
      case "notmodified" -> throw new HttpException(304, null);
      case "custom500" -> throw new HttpException(500, "custom");
      case "boom" -> throw new IllegalStateException("kaboom");
      default -> {
        return dict("kind", kind);
      }
    }
  }

  // 12. return values
  @Function
  @FastapiEndpoint(label = "diff-returns")
  public static Object returns(String what) {
    Map<String, Object> values =
        dict(
            "none",
            null,
            "list",
            Arrays.asList(1, "a", null, true, 1.5),
            "str",
            "hello",
            "int",
            42,
            "float",
            1.5,
            "float_int",
            2.0,
            "neg_zero",
            -0.0,
            "tiny",
            1e-7,
            "bool",
            true,
            "big",
            BigInteger.TWO.pow(70),
            "unicode",
            "h\u00e9llo \u2603 \uD83D\uDE00",
            "empty_dict",
            Map.of(),
            "empty_list",
            List.of(),
            "nested",
            dict("a", dict("b", Arrays.asList(1, dict("c", null)))),
            "date",
            LocalDate.of(2024, 1, 2),
            "datetime",
            LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000),
            "datetime_utc",
            OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
            "time",
            LocalTime.of(3, 4),
            "uuid",
            UUID.fromString("12345678-1234-5678-1234-567812345678"),
            "enum",
            Color.green,
            "decimal",
            new BigDecimal("1.50"));
    if (values.containsKey(what)) {
      return values.get(what);
    }
    return switch (what) {
      case "nan" -> dict("x", Double.NaN);
      case "inf" -> dict("x", Double.POSITIVE_INFINITY);
      case "text" -> Response.text("hi there");
      case "html" ->
          Response.bytes("<b>x</b>".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/html");
      case "status201" -> Response.json(dict("a", 1)).withStatus(201);
      default -> dict("unknown", what);
    };
  }

  // 13. a POST endpoint without a body
  @Function
  @FastapiEndpoint(method = "POST", label = "diff-post")
  public static Map<String, Object> post(Optional<String> name) {
    return dict("ok", true, "name", name.orElse(null));
  }

  // 14. docs=True, a bit of everything in the schema
  @Function
  @FastapiEndpoint(method = "POST", label = "diff-docs", docs = true)
  public static Map<String, Object> docs(
      Item item, Color color, Optional<Integer> limit, @Header Optional<String> xToken) {
    return dict(
        "item", item, "color", color, "limit", limit.orElse(null), "x_token", xToken.orElse(null));
  }

  // 15. the injected request
  @Function
  @FastapiEndpoint(label = "diff-request")
  public static Map<String, Object> req(Request request) {
    return dict(
        "method", request.method(),
        "path", request.path(),
        "query", request.queryString(),
        "params", request.queryParams(),
        "x_a", request.headers().getOrDefault("x-a", List.of()));
  }
}
