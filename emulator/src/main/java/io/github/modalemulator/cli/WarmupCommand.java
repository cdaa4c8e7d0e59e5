package io.github.modalemulator.cli;

import io.github.modalemulator.emulator.CloudContainer;
import io.github.modalemulator.emulator.Emulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code warmup}: loads what a container loads, and exits, so that {@code -XX:ArchiveClassesAtExit}
 * records it in a class-data-sharing archive at image build time. It serves an app of the
 * emulator's own in container mode on free loopback ports, answers one request of each kind, and
 * stops: no user code runs.
 */
@Command(
    name = "warmup",
    mixinStandardHelpOptions = true,
    description = {
      "Serves an app of the emulator's own in container mode on free loopback ports, answers one"
          + " request of each kind, and exits 0: run it with -XX:ArchiveClassesAtExit=FILE to make a"
          + " class-data-sharing archive (an exported image does) without running user code.",
    })
final class WarmupCommand implements Callable<Integer> {
  @Override
  public Integer call() throws IOException, InterruptedException {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("echo", 0);
    ports.put("handler", 0);
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try (CloudContainer container =
        Emulator.builder().apps(WarmupApp.class).bindAddress("127.0.0.1").startContainer(ports)) {
      for (CloudContainer.Port port : container.ports()) {
        URI uri = URI.create("http://127.0.0.1:" + port.port() + "/?name=warm");
        HttpRequest request =
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":[1,2.5,\"x\",true,null]}"))
                .timeout(Duration.ofSeconds(10))
                .build();
        int status = client.send(request, BodyHandlers.ofString()).statusCode();
        if (status != 200) {
          System.err.println("warm-up: " + port.function() + " answered " + status);
          return EmulatorCli.EXIT_DEFINITION_ERROR;
        }
      }
    }
    System.out.println("Warmed up.");
    return EmulatorCli.EXIT_OK;
  }
}
