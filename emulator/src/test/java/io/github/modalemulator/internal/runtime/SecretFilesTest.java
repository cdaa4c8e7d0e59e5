package io.github.modalemulator.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.modalemulator.InvalidError;
import io.github.modalemulator.internal.definition.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret's keys from its file: values, quotes, comments, bare keys from the environment. */
class SecretFilesTest {
  @TempDir Path folder;

  private static Resources asking(List<String> secrets, Map<String, String> env) {
    return new Resources(
        List.of(), 0, 0, 0, 0, 0, List.of(), "", secrets, Map.of(), env, List.of(), List.of());
  }

  @Test
  void aFileGivesValuesAndBareKeysFromTheEnvironmentThenEnvWins() throws Exception {
    Files.writeString(
        folder.resolve("openai.env"),
        "# the team's key\n\nexport OPENAI_ORG='acme'\nOPENAI_API_KEY\nMODEL = \"gpt\"\n");
    Files.writeString(folder.resolve("db.env"), "DB_URL=postgres://x\nMODEL=from-db\n");
    LocalResources local = new LocalResources(Map.of(), folder, folder.resolve("volumes"));
    Map<String, String> environment =
        local.environment(
            "chat",
            asking(List.of("openai", "db"), Map.of("GREETING", "hi", "DB_URL", "from-env")),
            Map.of("OPENAI_API_KEY", "sk-from-my-shell")::get);
    assertThat(environment)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "OPENAI_ORG", "acme",
                "OPENAI_API_KEY", "sk-from-my-shell",
                "MODEL", "from-db", // a later secret wins
                "DB_URL", "from-env", // env is the last secret
                "GREETING", "hi"));
  }

  @Test
  void givenValuesWinOverTheFile() throws Exception {
    Files.writeString(folder.resolve("openai.env"), "OPENAI_API_KEY=from-file\n");
    LocalResources local =
        new LocalResources(Map.of("openai", Map.of("OPENAI_API_KEY", "sk-test")), folder, folder);
    assertThat(local.environment("chat", asking(List.of("openai"), Map.of()), k -> null))
        .isEqualTo(Map.of("OPENAI_API_KEY", "sk-test"));
  }

  @Test
  void everyProblemIsNamedAtOnce() throws Exception {
    Files.writeString(folder.resolve("openai.env"), "OPENAI_API_KEY\n9LIVES=x\n");
    LocalResources local = new LocalResources(Map.of(), folder, folder);
    assertThatThrownBy(
            () -> local.environment("chat", asking(List.of("openai", "db"), Map.of()), k -> null))
        .isInstanceOf(InvalidError.class)
        .hasMessageContaining(
            "secret 'openai' of chat: key OPENAI_API_KEY is not set in this machine's environment,"
                + " which "
                + folder.resolve("openai.env")
                + " line 1 says it comes from")
        .hasMessageContaining(
            "secret 'openai' of chat: '9LIVES' at "
                + folder.resolve("openai.env")
                + " line 2 is no key name")
        .hasMessageContaining("secret 'db' of chat was not found: no values were given for it");
  }

  @Test
  void inAContainerJvmNothingIsLookedUp() {
    assertThat(
            LocalResources.PROVIDED.environment(
                "chat", asking(List.of("openai"), Map.of("A", "b")), k -> null))
        .isEmpty();
  }
}
