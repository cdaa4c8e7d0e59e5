package io.github.modalemulator.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.modalemulator.internal.definition.AppDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonAppTest {

  @Test
  void aDotInTheAppNameBecomesAnUnderscoreAsTheClientRefusesMoreDots() {
    AppDefinition app = new AppDefinition("shop.v2-api", PythonAppTest.class, List.of());

    assertThat(PythonApp.fileName(app)).isEqualTo("shop_v2_api.py");
  }

  @Test
  void aQuotedStringIsPrintableAsciiWithEveryOtherCharacterEscaped() {
    assertThat(PythonApp.quote("a\"b\\c\nd\re\u2028f\uD835\uDC65"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\u000de\\u2028f\\U0001d465\"");
  }
}
