package io.github.modalemulator.resources;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.ExecutionContext;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Parameter;
import io.github.modalemulator.Query;
import io.github.modalemulator.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** A function that reads a secret's key and an env variable, one that writes to a volume. */
@App("local-resources")
public class LocalResourcesApp {
  /** What the container sees. */
  public record Seen(
      String viaContext, String viaSystem, String greeting, long pid, long maxHeapMiB) {}

  @Function(secrets = "openai", env = "GREETING=hello", memory = 256)
  @FastapiEndpoint
  public static Seen env() {
    return new Seen(
        ExecutionContext.getenv("OPENAI_API_KEY"),
        System.getenv("OPENAI_API_KEY"),
        ExecutionContext.getenv("GREETING"),
        ProcessHandle.current().pid(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  /** Appends the note to the volume's file and answers every note so far. */
  @Function(volumes = @VolumeMount(name = "notes", path = "/data"))
  @FastapiEndpoint(method = "POST")
  public static List<String> note(@Query String text) throws IOException {
    Path file = ExecutionContext.volume("/data").resolve("notes.txt");
    Files.writeString(
        file,
        text + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  /** A class with a parameter: each set of values has containers of its own. */
  @Cls
  public static class Greeter {
    @Parameter(defaultValue = "world")
    String name;

    @FastapiEndpoint
    public String greet() {
      return "hello " + name + " from " + ProcessHandle.current().pid();
    }
  }

  /** Answers after a while: past a shortened gateway limit. */
  @Function
  @FastapiEndpoint
  public static String slow() throws InterruptedException {
    Thread.sleep(2_500);
    return "slow";
  }

  /** Ends its container's JVM at once, as a crash would. */
  @Function
  @FastapiEndpoint
  public static String crash() {
    Runtime.getRuntime().halt(3);
    return "unreachable";
  }
}
