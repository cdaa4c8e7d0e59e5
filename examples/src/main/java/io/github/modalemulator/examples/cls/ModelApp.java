package io.github.modalemulator.examples.cls;

import io.github.modalemulator.App;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Enter;
import io.github.modalemulator.Exit;
import io.github.modalemulator.FastapiEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A class whose containers load a model once: {@code @Enter} reads the weights file when a
 * container starts, every request of that container uses them, and {@code @Exit} lets them go when
 * it stops. The cloud's pattern for a model, a connection pool or a cache.
 *
 * <pre>
 * &#64;app.cls()
 * class Model:
 *     &#64;modal.enter()
 *     def load(self):
 *         self.weights = read_weights("model/weights.txt")
 *
 *     &#64;modal.exit()
 *     def unload(self):
 *         self.weights = None
 *
 *     &#64;modal.fastapi_endpoint(method="POST")
 *     def predict(self, features: dict):
 *         return {"score": sum(self.weights[k] * v for k, v in features.items())}
 * </pre>
 */
@App("example-model")
public class ModelApp {
  @Cls
  public static class Model {
    private Map<String, Double> weights;

    @Enter
    public void load() {
      weights = readWeights("model/weights.txt");
      say("loaded " + weights.size() + " weights");
    }

    @Exit
    public void unload() {
      say("unloaded " + weights.size() + " weights");
      weights = null;
    }

    /** The score of the features: the weighted sum, with the bias. */
    @FastapiEndpoint(method = "POST")
    public Map<String, Double> predict(Map<String, Double> features) {
      double score = weights.getOrDefault("bias", 0.0);
      for (Map.Entry<String, Double> feature : features.entrySet()) {
        score += weights.getOrDefault(feature.getKey(), 0.0) * feature.getValue();
      }
      return Map.of("score", score);
    }

    /** What this container loaded. */
    @FastapiEndpoint
    public Map<String, Object> info() {
      return Map.of("weights", weights.keySet().stream().sorted().toList());
    }

    /** Printed: a container's output goes to the function's logs, where a test reads it. */
    private static void say(String event) {
      System.out.println("[model] " + event);
    }

    private static Map<String, Double> readWeights(String resource) {
      try (InputStream in = Model.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              "the model file " + resource + " is not on the class path");
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
          String[] parts = line.trim().split("\\s+");
          if (parts.length == 2) {
            weights.put(parts[0], Double.parseDouble(parts[1]));
          }
        }
        return weights;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
