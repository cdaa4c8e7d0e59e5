package io.github.modalemulator.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.testing.RawHttp;
import io.github.modalemulator.testing.RawHttp.Response;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With a Bean Validation provider on the class path, constraints on bodies are 422s too. */
class BeanValidationTest {

  record Signup(
      @Size(min = 3, max = 20) String name,
      @Min(18) int age,
      @Pattern(regexp = "[a-z]+") String handle,
      @Email String email,
      @Size(max = 2) List<String> tags) {}

  @App("bv")
  static class SignupApp {
    @Function
    @FastapiEndpoint(method = "POST")
    static Signup signup(Signup signup) {
      return signup;
    }
  }

  private static Response post(Emulator emulator, String json) throws Exception {
    return RawHttp.exchange(
        emulator.port(),
        "POST / HTTP/1.1\r\nHost: local--bv-signup.localhost\r\nContent-Type: application/json\r\n",
        json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void validBodiesPass() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(SignupApp.class).start()) {
      Response response =
          post(
              emulator,
              "{\"name\":\"Ada\",\"age\":36,\"handle\":\"ada\",\"email\":\"ada@example.org\",\"tags\":[]}");
      assertThat(response.status()).isEqualTo(200);
    }
  }

  @Test
  void everyViolationIsA422EntryInPydanticsShape() throws Exception {
    try (Emulator emulator = Emulator.builder().apps(SignupApp.class).start()) {
      Response response =
          post(
              emulator,
              "{\"name\":\"Al\",\"age\":12,\"handle\":\"AL\",\"email\":\"nope\",\"tags\":[\"a\",\"b\",\"c\"]}");
      assertThat(response.status()).isEqualTo(422);
      assertThat(response.body())
          .isEqualTo(
              "{\"detail\":["
                  + "{\"type\":\"greater_than_equal\",\"loc\":[\"body\",\"age\"],\"msg\":\"Input should"
                  + " be greater than or equal to 18\",\"input\":12,\"ctx\":{\"ge\":18}},"
                  + "{\"type\":\"value_error\",\"loc\":[\"body\",\"email\"],\"msg\":\"Value error, must"
                  + " be a well-formed email address\",\"input\":\"nope\",\"ctx\":{\"error\":{}}},"
                  + "{\"type\":\"string_pattern_mismatch\",\"loc\":[\"body\",\"handle\"],\"msg\":\"String"
                  + " should match pattern '[a-z]+'\",\"input\":\"AL\",\"ctx\":{\"pattern\":\"[a-z]+\"}},"
                  + "{\"type\":\"string_too_short\",\"loc\":[\"body\",\"name\"],\"msg\":\"String should"
                  + " have at least 3 characters\",\"input\":\"Al\",\"ctx\":{\"min_length\":3}},"
                  + "{\"type\":\"too_long\",\"loc\":[\"body\",\"tags\"],\"msg\":\"List should have at"
                  + " most 2 items after validation, not 3\",\"input\":[\"a\",\"b\",\"c\"],"
                  + "\"ctx\":{\"field_type\":\"List\",\"max_length\":2,\"actual_length\":3}}"
                  + "]}");
    }
  }
}
