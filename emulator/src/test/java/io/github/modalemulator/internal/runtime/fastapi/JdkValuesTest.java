package io.github.modalemulator.internal.runtime.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JdkValuesTest {
  record Item(String name) {}

  static final class OwnMap extends HashMap<String, String> {
    private static final long serialVersionUID = 1L;
  }

  static final class OwnNumber extends BigInteger {
    private static final long serialVersionUID = 1L;

    OwnNumber() {
      super("1");
    }
  }

  @Test
  void nestedMapsAndListsOfStringsNumbersBooleansAndNullsAreTheJdks() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("message", "Hello, world!");
    nested.put("none", null);
    nested.put("list", Arrays.asList(1, 2L, 3.5, 4.5f, true, null, new BigDecimal("1.5")));
    nested.put("inner", Map.of("n", BigInteger.TEN, "s", (short) 1, "b", (byte) 2));

    assertThat(JdkValues.only(nested)).isTrue();
    assertThat(JdkValues.only("plain")).isTrue();
    assertThat(JdkValues.only(null)).isTrue();
    assertThat(JdkValues.only(List.of())).isTrue();
  }

  @Test
  void anAppsClassAnywhereInsideIsNot() {
    assertThat(JdkValues.only(new Item("a"))).isFalse();
    assertThat(JdkValues.only(Map.of("item", new Item("a")))).isFalse();
    assertThat(JdkValues.only(List.of(List.of(Map.of("deep", new Item("a")))))).isFalse();
    assertThat(JdkValues.only(Map.of(new Item("key"), "value"))).isFalse();
  }

  @Test
  void anAppsSubclassOfAJdkMapOrNumberIsNot() {
    assertThat(JdkValues.only(new OwnMap())).isFalse();
    assertThat(JdkValues.only(Map.of("n", new OwnNumber()))).isFalse();
  }

  @Test
  void otherJdkValuesAreLeftToTheContainersWriter() {
    assertThat(JdkValues.only(Instant.EPOCH)).isFalse();
    assertThat(JdkValues.only(Optional.of("x"))).isFalse();
    assertThat(JdkValues.only(new String[] {"a"})).isFalse();
  }

  @Test
  void aResultLargerThanTheLimitIsNotLookedThrough() {
    List<Integer> small = new ArrayList<>(IntStream.range(0, JdkValues.LIMIT - 1).boxed().toList());
    List<Integer> large = IntStream.range(0, 1_000_000).boxed().toList();

    assertThat(JdkValues.only(small)).isTrue();
    assertThat(JdkValues.only(large)).isFalse();
    assertThat(JdkValues.only(Map.of("all", large))).isFalse();
  }
}
