package io.github.modalemulator.examples.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.github.modalemulator.RemoteServer;
import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.junit.FunctionSpec;
import io.github.modalemulator.junit.ModalEmulator;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The server kinds as their README rows say: {@code @Server} needs a token, answers 503 while it is
 * scaled to zero and serves once the replica that request started is up; {@code @HttpServer} keeps
 * each session on one of its two replicas.
 */
@ModalEmulator(apps = ServerApp.class)
class ServerAppTest {
  @Test
  void theServerNeedsATokenAnswers503WhileScaledToZeroThenServes(
      Emulator emulator,
      @FunctionSpec(value = "Api", proxyAuth = true) RequestSpecification api,
      @FunctionSpec("Api") RequestSpecification anonymous) {
    given(anonymous)
        .get("/hello")
        .then()
        .statusCode(401)
        .body(equalTo("modal-http: missing credentials for proxy authorization"));
    assertThat(emulator.containers("Api").containersStarted()).isZero();

    given(api)
        .get("/hello")
        .then()
        .statusCode(503)
        .body(equalTo("modal-http: no replica of Api is ready yet; retry in a moment"));

    Response served = untilNot503(api, "/hello");
    served.then().statusCode(200).body("server", equalTo("api")).body("path", equalTo("/hello"));
    assertThat(emulator.containers("Api").containersStarted()).isEqualTo(1);
    assertThat(emulator.webUrl("Api"))
        .isEqualTo("http://local--example-server-api.us-east.localhost:" + emulator.port());
    assertThat(RemoteServer.fromName("example-server", "Api").getUrl())
        .contains(emulator.webUrl("Api"));
  }

  @Test
  void aSessionStaysOnItsReplicaAndSessionsSpreadOverBoth(
      Emulator emulator, @FunctionSpec("Sticky") RequestSpecification sticky) {
    assertThat(emulator.webUrl("Sticky"))
        .isEqualTo("http://local--example-server-sticky.us-west.localhost:" + emulator.port());
    untilNot503(sticky, "/");
    for (int i = 0; i < 200 && emulator.containers("Sticky").live() < 2; i++) {
      sleep(50);
    }
    assertThat(emulator.containers("Sticky").live()).isEqualTo(2);
    Set<String> replicas = new HashSet<>();
    for (int session = 0; session < 20; session++) {
      String first = null;
      for (int request = 0; request < 4; request++) {
        String replica =
            given(sticky)
                .header("Modal-Session-Id", "client-" + session)
                .post("/")
                .then()
                .statusCode(200)
                .body("server", equalTo("sticky"))
                .extract()
                .path("replica");
        if (first == null) {
          first = replica;
        }
        assertThat(replica).as("session client-%d, request %d", session, request).isEqualTo(first);
      }
      replicas.add(first);
    }
    assertThat(replicas).hasSize(2);
  }

  /** The server's answer once a replica is up (bounded: ten seconds). */
  private static Response untilNot503(RequestSpecification spec, String path) {
    Response response = given(spec).get(path);
    for (int i = 0; i < 200 && response.statusCode() == 503; i++) {
      sleep(50);
      response = given(spec).get(path);
    }
    return response;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
