package sample;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import java.util.Map;

@App("greet")
public class GreetApp {
  @Function
  @FastapiEndpoint(method = "GET")
  public static Map<String, String> hello() {
    return Map.of("message", "Hello from the sample");
  }

  @Function
  @FastapiEndpoint(method = "GET", requiresProxyAuth = true)
  public static Map<String, String> secret() {
    return Map.of("message", "Authenticated");
  }
}
