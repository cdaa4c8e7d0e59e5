package io.github.modalemulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** modal.is_local()'s twin and the bind address it gives, locally and in a cloud container. */
class ExecutionContextTest {

  /** Prints what a JVM's code is told: {@code isLocal bindAddress}. */
  public static final class Print {
    public static void main(String[] args) {
      System.out.print(ExecutionContext.isLocal() + " " + ExecutionContext.bindAddress());
    }
  }

  @Test
  void theCloudsVariableAloneMakesAContainerRemote() {
    assertThat(ExecutionContext.isLocal(Map.of())).isTrue();
    assertThat(ExecutionContext.isLocal(Map.of("MODAL_IS_REMOTE", "1"))).isFalse();
    assertThat(ExecutionContext.isLocal(Map.of("MODAL_IS_REMOTE", "0"))).isTrue();
    assertThat(ExecutionContext.isLocal(Map.of("MODAL_TASK_ID", "ta-1"))).isTrue();
  }

  @Test
  void aJvmOnThisMachineIsLocalAndBindsLoopback() throws Exception {
    assertThat(run(Map.of())).isEqualTo("true 127.0.0.1");
  }

  @Test
  void aJvmInACloudContainerIsRemoteAndBindsEveryInterface() throws Exception {
    // The cloud sets the variable in the function's container; the JVM the exported app's Python
    // function starts inherits it.
    assertThat(run(Map.of("MODAL_IS_REMOTE", "1"))).isEqualTo("false 0.0.0.0");
  }

  @Test
  void eachAnswerOfTheBindAddressIsCounted() {
    long before = ExecutionContext.bindAddressCalls();
    assertThat(ExecutionContext.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(ExecutionContext.bindAddressCalls()).isGreaterThanOrEqualTo(before + 1);
  }

  private static String run(Map<String, String> environment) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Print.class.getName()));
    builder.environment().remove("MODAL_IS_REMOTE");
    builder.environment().putAll(environment);
    Process process = builder.redirectErrorStream(true).start();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(printed).isZero();
    return printed;
  }
}
