package io.github.modalemulator.internal.runtime.fastapi;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * JSON as FastAPI writes a result: {@code jsonable_encoder}, then Python's {@code json.dumps} with
 * {@code allow_nan=False}, encoded as UTF-8. So floats read as Python prints them ({@code 1e-07},
 * {@code 1e+308}, {@code 3.0}); a NaN, an infinity or a lone surrogate can't be written at all (the
 * client gets a 500); a decimal becomes an integer or a float; dates and times are {@code
 * isoformat()}: {@code +00:00}, never {@code Z}, and six fraction digits when there are any. Inside
 * a record (pydantic's model), UTC is written {@code Z}, as pydantic does.
 */
final class PythonJson {
  private PythonJson() {}

  /** {@code mapper} with Python's way of writing these values; the mapper itself is not changed. */
  static ObjectMapper writer(ObjectMapper mapper) {
    ObjectMapper copy;
    try {
      copy = mapper.copy();
    } catch (IllegalStateException e) {
      return mapper; // a subclass without copy(): its own rules stand
    }
    SimpleModule module = new SimpleModule("python-json");
    module.addSerializer(Double.class, new FloatSerializer<>(Double.class));
    module.addSerializer(double.class, new FloatSerializer<>(Double.class));
    module.addSerializer(Float.class, new FloatSerializer<>(Float.class));
    module.addSerializer(float.class, new FloatSerializer<>(Float.class));
    module.addSerializer(BigDecimal.class, new DecimalSerializer());
    module.addSerializer(String.class, new StringSerializer());
    module.addSerializer(LocalTime.class, new TemporalSerializer<>(LocalTime.class));
    module.addSerializer(OffsetTime.class, new TemporalSerializer<>(OffsetTime.class));
    module.addSerializer(LocalDateTime.class, new TemporalSerializer<>(LocalDateTime.class));
    module.addSerializer(OffsetDateTime.class, new TemporalSerializer<>(OffsetDateTime.class));
    module.addSerializer(ZonedDateTime.class, new TemporalSerializer<>(ZonedDateTime.class));
    module.addSerializer(Instant.class, new TemporalSerializer<>(Instant.class));
    return copy.registerModule(module);
  }

  /**
   * Python's {@code repr(float)}: the shortest digits that read back, exponent outside 1e-4..1e16.
   */
  static String repr(double value) {
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(value);
    BigDecimal shortest = exact;
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == value) {
        shortest = rounded;
        break;
      }
    }
    return format(shortest.stripTrailingZeros());
  }

  /** The shortest digits of a Java float, printed as Python prints a float. */
  static String repr(float value) {
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    return format(new BigDecimal(Float.toString(value)).stripTrailingZeros());
  }

  private static String format(BigDecimal number) {
    String digits = number.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - number.scale();
    String sign = number.signum() < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = number.abs().toPlainString();
      return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    int magnitude = Math.abs(exponent);
    return sign + mantissa + (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + magnitude;
  }

  private static final class FloatSerializer<T extends Number> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;

    FloatSerializer(Class<T> type) {
      super(type);
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      double d = value.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new JsonGenerationException(
            "Out of range float values are not JSON compliant: " + value, gen);
      }
      gen.writeNumber(value instanceof Float f ? repr(f.floatValue()) : repr(d));
    }
  }

  /** FastAPI's decimal encoder: an integer when the exponent is not negative, else a float. */
  private static final class DecimalSerializer extends StdSerializer<BigDecimal> {
    private static final long serialVersionUID = 1L;

    DecimalSerializer() {
      super(BigDecimal.class);
    }

    @Override
    public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value.scale() <= 0) {
        gen.writeNumber(value.toBigIntegerExact());
      } else {
        double d = value.doubleValue();
        if (Double.isInfinite(d)) {
          throw new JsonGenerationException(
              "Out of range float values are not JSON compliant: " + value, gen);
        }
        gen.writeNumber(repr(d));
      }
    }
  }

  /** Python's UTF-8 encoding of the response fails on a surrogate without its pair. */
  private static final class StringSerializer extends StdSerializer<String> {
    private static final long serialVersionUID = 1L;

    StringSerializer() {
      super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new JsonGenerationException(
              "'utf-8' codec can't encode character '\\u"
                  + Integer.toHexString(c)
                  + "' in position "
                  + i
                  + ": surrogates not allowed",
              gen);
        }
      }
      gen.writeString(value);
    }
  }

  /** {@code isoformat()}; in a record, UTC as {@code Z} (pydantic's serializer). */
  private static final class TemporalSerializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;

    TemporalSerializer(Class<T> type) {
      super(type);
    }

    @Override
    public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      boolean model = insideRecord(gen);
      String text;
      if (value instanceof LocalTime t) {
        text = time(t);
      } else if (value instanceof OffsetTime t) {
        text = time(t.toLocalTime()) + offset(t.getOffset(), model);
      } else if (value instanceof LocalDateTime t) {
        text = t.toLocalDate() + "T" + time(t.toLocalTime());
      } else if (value instanceof OffsetDateTime t) {
        text = t.toLocalDate() + "T" + time(t.toLocalTime()) + offset(t.getOffset(), model);
      } else if (value instanceof ZonedDateTime t) {
        text = t.toLocalDate() + "T" + time(t.toLocalTime()) + offset(t.getOffset(), model);
      } else {
        OffsetDateTime t = ((Instant) value).atOffset(ZoneOffset.UTC);
        text = t.toLocalDate() + "T" + time(t.toLocalTime()) + offset(ZoneOffset.UTC, model);
      }
      gen.writeString(text);
    }

    private static boolean insideRecord(JsonGenerator gen) {
      for (JsonStreamContext context = gen.getOutputContext();
          context != null;
          context = context.getParent()) {
        Object holder = context.getCurrentValue();
        if (holder != null && holder.getClass().isRecord()) {
          return true;
        }
      }
      return false;
    }

    /** Python's time: seconds always, microseconds (six digits) when not zero. */
    private static String time(LocalTime t) {
      String text = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
      int micros = t.getNano() / 1000;
      return micros == 0 ? text : text + String.format(".%06d", micros);
    }

    private static String offset(ZoneOffset offset, boolean model) {
      if (offset.getTotalSeconds() == 0) {
        return model ? "Z" : "+00:00";
      }
      return offset.getId(); // +02:00, or +02:00:30 with seconds, as Python writes them
    }
  }
}
