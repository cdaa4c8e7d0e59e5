package io.github.modalemulator.internal.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.modalemulator.FunctionTimeoutError;
import io.github.modalemulator.NotFoundError;
import io.github.modalemulator.RemoteFunctionException;
import io.github.modalemulator.TimeoutError;
import org.junit.jupiter.api.Test;

class WireErrorsTest {

  @Test
  void whatAFunctionThrewCrossesWithItsTypeMessageFramesAndCauses() {
    RemoteFunctionException thrown =
        Failures.of(
            "process",
            new IllegalStateException("no job", new IllegalArgumentException("bad input")));

    ObjectNode wire = WireErrors.write("process", thrown);
    RuntimeException read = WireErrors.read(wire, "other");

    assertThat(wire.get("kind").asText()).isEqualTo("remote");
    assertThat(read)
        .isInstanceOf(RemoteFunctionException.class)
        .hasMessage("process raised java.lang.IllegalStateException: no job");
    RemoteFunctionException remote = (RemoteFunctionException) read;
    StackTraceElement first = remote.getCause().getStackTrace()[0];
    assertThat(first.getClassName()).isEqualTo(WireErrorsTest.class.getName());
    assertThat(first.getMethodName())
        .isEqualTo("whatAFunctionThrewCrossesWithItsTypeMessageFramesAndCauses");
    assertThat(first.getLineNumber())
        .isEqualTo(thrown.getCause().getStackTrace()[0].getLineNumber());
    assertThat(remote.getCause().getStackTrace()).hasSameSizeAs(thrown.getCause().getStackTrace());
    assertThat(remote.getCause().getCause())
        .hasToString("java.lang.IllegalArgumentException: bad input");
  }

  @Test
  void eachKindIsTheClientsErrorOfTheSameName() {
    assertThat(WireErrors.read(WireErrors.write("f", new TimeoutError("not yet")), "f"))
        .isExactlyInstanceOf(TimeoutError.class)
        .hasMessage("not yet");
    assertThat(WireErrors.read(WireErrors.write("f", new FunctionTimeoutError("too long")), "f"))
        .isExactlyInstanceOf(FunctionTimeoutError.class);
    assertThat(WireErrors.read(WireErrors.write("f", new NotFoundError("gone")), "f"))
        .isExactlyInstanceOf(NotFoundError.class);
  }

  @Test
  void aPythonErrorWithoutJavaFramesIsARemoteFunctionExceptionOfItsType() {
    ObjectNode python = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    python.put("kind", "remote").put("type", "ValueError").put("message", "bad text");

    RuntimeException read = WireErrors.read(python, "embed");

    assertThat(read).hasMessage("embed raised ValueError: bad text");
    assertThat(((RemoteFunctionException) read).remoteType()).isEqualTo("ValueError");
  }
}
