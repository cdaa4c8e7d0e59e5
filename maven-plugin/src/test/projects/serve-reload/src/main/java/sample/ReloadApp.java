package sample;

import io.github.modalemulator.App;
import io.github.modalemulator.FastapiEndpoint;
import io.github.modalemulator.Function;

@App("reload")
public class ReloadApp {
  @Function
  @FastapiEndpoint(method = "GET")
  public static String hello() {
    return "first answer";
  }
}
