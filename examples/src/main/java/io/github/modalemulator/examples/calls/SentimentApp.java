package io.github.modalemulator.examples.calls;

import io.github.modalemulator.App;
import io.github.modalemulator.Body;
import io.github.modalemulator.Cls;
import io.github.modalemulator.Enter;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;
import io.github.modalemulator.Method;
import io.github.modalemulator.Query;
import io.github.modalemulator.RemoteFunction;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A web front for a model class: {@code classify} calls the class's method with {@code remote},
 * {@code classifyAll} with {@code map} (one input per text, results in order), and {@code summary}
 * also calls a function that another team deploys, by its app's and function's names. The class's
 * {@code @Enter} loads the lexicon once per container, not once per call.
 *
 * <pre>
 * &#64;app.cls()
 * class Classifier:
 *     &#64;modal.enter()
 *     def load(self):
 *         self.lexicon = {"good": 1, "great": 2, "bad": -1, "awful": -2}
 *
 *     &#64;modal.method()
 *     def score(self, text: str) -&gt; dict: ...
 *
 * &#64;app.function()
 * &#64;modal.fastapi_endpoint()
 * def classify(text: str):
 *     return Classifier().score.remote(text)
 *
 * &#64;app.function()
 * &#64;modal.fastapi_endpoint(method="POST")
 * def classify_all(texts: list[str] = Body()):
 *     return list(Classifier().score.map(texts))
 *
 * &#64;app.function()
 * &#64;modal.fastapi_endpoint()
 * def summary(text: str):
 *     summarize = modal.Function.from_name("ml-team", "summarize")
 *     return {"summary": summarize.remote(text), "score": Classifier().score.remote(text)}
 * </pre>
 */
@App("example-sentiment")
public class SentimentApp {
  /** A text's score: the sum of its words' weights, and what that means. */
  public record Score(String text, int score, String label) {}

  /** A summary and the score of the text. */
  public record Summary(String summary, Score score) {}

  /** The model: code calls its {@code @Method}s; each container loads the lexicon once. */
  @Cls
  public static class Classifier {
    private Map<String, Integer> lexicon;

    @Enter
    public void load() {
      lexicon = Map.of("good", 1, "great", 2, "love", 2, "bad", -1, "awful", -2, "hate", -2);
      System.out.println("[classifier] loaded " + lexicon.size() + " words");
    }

    /** The text's score. */
    @Method
    public Score score(String text) {
      int score = 0;
      for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
        score += lexicon.getOrDefault(word, 0);
      }
      String label = score > 0 ? "positive" : score < 0 ? "negative" : "neutral";
      return new Score(text, score, label);
    }
  }

  /** One text, scored by the class's containers. */
  @Function
  @FastapiEndpoint
  public static Score classify(@Query String text) {
    return RemoteFunction.of(Classifier::score).remote(text);
  }

  /**
   * Many texts, one input each, results in the order of the texts. {@code @Body}: a list of scalars
   * is a query parameter unless marked, as in FastAPI.
   */
  @Function
  @FastapiEndpoint(method = "POST")
  public static List<Score> classifyAll(@Body List<String> texts) {
    return RemoteFunction.of(Classifier::score).map(texts).toList();
  }

  /**
   * A summary from the ML team's function (another app, deployed by that team) beside the score: in
   * tests, a stub stands in for it.
   */
  @Function
  @FastapiEndpoint
  public static Summary summary(@Query String text) {
    String summary = RemoteFunction.fromName("ml-team", "summarize", String.class).remote(text);
    return new Summary(summary, RemoteFunction.of(Classifier::score).remote(text));
  }
}
