package io.github.modalemulator.internal.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The previews a page lists calls with: compact JSON, cut where it grows past the bound. */
class CallRecordPreviewTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static CallRecord record(JsonNode... arguments) {
    return new CallRecord("fc-TEST", "app", "fn", "remote", List.of(arguments));
  }

  @Test
  void aValueThatFitsIsWholeAndOneCharacterMoreIsCut() {
    String fits = "a".repeat(8); // ["aaaaaaaa"]: 12 characters
    assertThat(record(NODES.textNode(fits)).argumentsPreview(12)).isEqualTo("[\"aaaaaaaa\"]");
    assertThat(record(NODES.textNode(fits)).argumentsPreview(11))
        .isEqualTo("[\"aaaaaaaa\"...[truncated]");
  }

  @Test
  void aLargeKeptValueIsCutAtItsStartAndTheResultToo() {
    String large = "<b>" + "x".repeat(60_000);
    CallRecord record = record(NODES.numberNode(7), NODES.textNode(large));
    assertThat(record.argumentsPreview(20)).isEqualTo("[7,\"<b>xxxxxxxxxxxxx...[truncated]");
    assertThat(record.resultPreview(20)).isNull();
    record.succeeded(NODES.objectNode().put("text", large));
    assertThat(record.resultPreview(20)).isEqualTo("{\"text\":\"<b>xxxxxxxx...[truncated]");
    assertThat(record.resultText()).isEqualTo("{\"text\":\"" + large + "\"}"); // kept whole
  }

  @Test
  void startAndEndAreKeptAsTheCallGoes() {
    CallRecord record = record();
    assertThat(record.startedAt()).isNull();
    assertThat(record.endedAt()).isNull();
    record.running("ct-1");
    assertThat(record.startedAt()).isAfterOrEqualTo(record.queuedAt());
    assertThat(record.endedAt()).isNull();
    record.ended("failure", "java.lang.IllegalStateException: boom");
    assertThat(record.endedAt()).isAfterOrEqualTo(record.startedAt());
    assertThat(record.argumentsPreview(128)).isEqualTo("[]");
  }
}
