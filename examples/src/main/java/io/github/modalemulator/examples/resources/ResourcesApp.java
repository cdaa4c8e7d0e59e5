package io.github.modalemulator.examples.resources;

import io.github.modalemulator.App;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Query;
import io.github.modalemulator.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What a real deployment asks for: a GPU, memory, a secret whose key the code reads, a volume it
 * writes, an environment variable. The same code runs in the cloud and here: the secret's keys come
 * from a test's values or {@code .modal-emulator/secrets/translator-api.env}, the volume is a local
 * folder, and the GPU is this machine's CPU (the function's log says so once).
 *
 * <pre>
 * &#64;app.function(
 *     gpu="L4",
 *     memory=2048,
 *     secrets=[modal.Secret.from_name("translator-api")],
 *     volumes={"/history": modal.Volume.from_name("translations", create_if_missing=True)},
 *     env={"TRANSLATOR_MODE": "formal"},
 * )
 * &#64;modal.fastapi_endpoint(method="POST")
 * def translate(text: str):
 *     key = os.environ["TRANSLATOR_API_KEY"]
 *     with open("/history/log.txt", "a") as log:
 *         log.write(text + "\n")
 *     ...
 * </pre>
 */
@App("example-resources")
public class ResourcesApp {
  /** A translation, and how many texts the volume's history holds. */
  public record Translation(String text, String mode, boolean authorized, int historySize) {}

  @Function(
      gpu = "L4",
      memory = 2048,
      secrets = "translator-api",
      volumes = @VolumeMount(name = "translations", path = "/history"),
      env = "TRANSLATOR_MODE=formal")
  @FastapiEndpoint(method = "POST")
  public static Translation translate(@Query String text) throws IOException {
    String key = ExecutionContext.getenv("TRANSLATOR_API_KEY");
    String mode = ExecutionContext.getenv("TRANSLATOR_MODE");
    Path log = ExecutionContext.volume("/history").resolve("log.txt");
    Files.writeString(
        log,
        text + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    List<String> history = Files.readAllLines(log, StandardCharsets.UTF_8);
    String translated = "formal".equals(mode) ? "Dear reader: " + text : text;
    return new Translation(translated, mode, key != null && key.startsWith("tr-"), history.size());
  }
}
