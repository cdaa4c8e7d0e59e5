package io.github.modalemulator.internal.runtime.fastapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.internal.definition.EndpointSignature;
import io.github.modalemulator.internal.isolation.AppClassPath;
import io.github.modalemulator.internal.isolation.ContainerLoader;
import java.lang.reflect.Method;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A container shares the emulator's mappers unless Jackson could meet one of its own classes: then
 * it gets copies, whose caches go with it.
 */
class FastapiOptionsTest {
  /** Functions whose signatures are checked, as a container's loader reads them anew. */
  public static final class Signatures {
    public record Item(String name) {}

    public static Map<String, String> jdkOnly(String name, int count, List<Integer> ids) {
      return null;
    }

    public static Optional<LocalDate> aDate(long[] days, Object anyJson) {
      return null;
    }

    public static String[] names() {
      return null;
    }

    public static void nothing() {}

    public static Item aRecord() {
      return null;
    }

    public static List<Item> records() {
      return null;
    }

    public static String takesARecord(Item item) {
      return null;
    }

    public static Object anything() {
      return null;
    }

    public static Map<String, Object> mapOfAnything() {
      return null;
    }

    public static CharSequence text() {
      return null;
    }

    public static <T> T generic() {
      return null;
    }

    /** A dependency's provider that Jackson reads a record of the container's for. */
    public static String userFrom(Item body) {
      return null;
    }

    /** A dependency's provider of JDK types only. */
    public static String userFromToken(String token) {
      return null;
    }
  }

  private static ContainerLoader container;
  private static Class<?> signatures;

  @BeforeAll
  static void loadTheSignaturesInAContainer() throws Exception {
    container = AppClassPath.of(Signatures.class).newLoader("test-container");
    signatures = container.loadClass(Signatures.class.getName());
    assertThat(signatures).isNotSameAs(Signatures.class);
  }

  @AfterAll
  static void closeTheContainer() throws Exception {
    container.close();
  }

  private static Method inContainer(String name) {
    return Arrays.stream(signatures.getMethods())
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static boolean reaches(String name) {
    return FastapiOptions.reachesContainerClasses(inContainer(name), List.of());
  }

  @Test
  void signaturesOfClosedJdkTypesReachNoContainerClass() {
    assertThat(reaches("jdkOnly")).isFalse();
    assertThat(reaches("aDate")).isFalse();
    assertThat(reaches("names")).isFalse();
    assertThat(reaches("nothing")).isFalse();
  }

  @Test
  void theContainersClassesOrOpenResultTypesMayBeMet() {
    for (String name :
        List.of(
            "aRecord", "records", "takesARecord", "anything", "mapOfAnything", "text", "generic")) {
      assertThat(reaches(name)).as(name).isTrue();
    }
  }

  @Test
  void aDependencysProviderReadingAContainerClassReachesIt() {
    Method function = inContainer("jdkOnly");
    EndpointSignature.DependsParam reading =
        new EndpointSignature.DependsParam("user", inContainer("userFrom"), List.of());
    EndpointSignature.DependsParam plain =
        new EndpointSignature.DependsParam("user", inContainer("userFromToken"), List.of());

    assertThat(FastapiOptions.reachesContainerClasses(function, List.of(plain))).isFalse();
    assertThat(FastapiOptions.reachesContainerClasses(function, List.of(reading))).isTrue();
    // ...also as a dependency of a dependency.
    EndpointSignature.DependsParam outer =
        new EndpointSignature.DependsParam("outer", inContainer("userFromToken"), List.of(reading));
    assertThat(FastapiOptions.reachesContainerClasses(function, List.of(outer))).isTrue();
  }

  @Test
  void aContainerGetsMappersOfItsOwnOnlyWhenJacksonCouldMeetItsClasses() throws Exception {
    FastapiOptions shared = new FastapiOptions(new ObjectMapper(), FastapiStack.CURRENT);

    assertThat(shared.forContainerOf(inContainer("jdkOnly"), List.of())).isSameAs(shared);
    FastapiOptions own = shared.forContainerOf(inContainer("aRecord"), List.of());
    assertThat(own.json()).isNotSameAs(shared.json());
    assertThat(own.results()).isNotSameAs(shared.results());
    assertThat(own.constraints()).isSameAs(shared.constraints());
    // Classes the emulator's own loader holds are shared whatever Jackson meets.
    assertThat(shared.forContainerOf(Signatures.class.getMethod("aRecord"), List.of()))
        .isSameAs(shared);
  }
}
