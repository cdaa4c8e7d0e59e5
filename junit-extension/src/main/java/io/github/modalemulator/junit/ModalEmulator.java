package io.github.modalemulator.junit;

import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.emulator.Isolation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Runs an emulator of the given apps for a test class: started once before its first test, on a
 * free loopback port, and stopped after its last. Subclasses inherit it; {@code @Nested} classes
 * use their enclosing class's emulator (same port, no restart). Between tests the request journal
 * is cleared; containers are kept unless the test carries {@link FreshContainers}. A class's tests
 * run one at a time (its journal is one), while classes still run in parallel with each other.
 *
 * <pre>{@code
 * @ModalEmulator(apps = HelloApp.class)
 * class HelloTest {
 *   @Test
 *   void hello(@FunctionSpec("hello") RequestSpecification hello) {
 *     given(hello).get("/").then().statusCode(200);
 *   }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ModalEmulatorExtension.class)
@Execution(ExecutionMode.SAME_THREAD)
public @interface ModalEmulator {
  /** The {@code @App} classes to serve. */
  Class<?>[] apps();

  /** The workspace name in every host. */
  String workspace() default "local";

  /** The environment's web suffix; empty for the default environment. */
  String environment() default "";

  /** Serve mode: every label gets {@code -dev}, as with the cloud's serve command. */
  boolean serveMode() default false;

  /**
   * The FastAPI, Starlette and pydantic releases {@code @FastapiEndpoint} functions answer as; see
   * {@link FastapiStack} for the versions each stands for.
   */
  FastapiStack fastapiStack() default FastapiStack.CURRENT;

  /**
   * Replaces {@code dev} after every label in serve mode, as the cloud's {@code dev_suffix} config:
   * at most 8 letters or digits; empty keeps {@code dev}.
   */
  String devSuffix() default "";

  /**
   * Refuses {@code @WebEndpoint} with the cloud client 1.4+'s error instead of serving it with a
   * deprecation warning.
   */
  boolean strictWebEndpoint() default false;

  /**
   * Fails the container of a {@code @WebServer} whose server accepts connections only on loopback,
   * as the cloud would, instead of a warning in its function's log. Code that binds {@link
   * io.github.modalemulator.ExecutionContext#bindAddress()} passes: it binds every interface there.
   */
  boolean strictWebServerBind() default false;

  /**
   * Whether each container loads the apps' classes anew ({@link Isolation#CONTAINER}, the default,
   * as in the cloud: static state per container, and the test class's copy of an app class is not
   * the one that serves), or every container runs the test's own classes ({@link
   * Isolation#GENERATION}: a test may read an app's statics, and containers share them).
   */
  Isolation isolation() default Isolation.CONTAINER;

  /**
   * The test's values of secrets that functions name, each {@code "NAME:KEY=value"} ({@code
   * "openai:OPENAI_API_KEY=sk-test"}; several entries of one name add keys), in place of the files
   * in {@link #secretsDir()}. Code reads them with {@code ExecutionContext.getenv}, and with {@code
   * System.getenv} too under {@link Isolation#PROCESS}.
   */
  String[] secrets() default {};

  /**
   * The folder of secrets' {@code NAME.env} files for secrets with no values here; empty: {@code
   * .modal-emulator/secrets} under the working directory.
   */
  String secretsDir() default "";

  /**
   * The folder of the volumes' folders; empty: a fresh temporary folder for each emulator, removed
   * when the JVM exits, so every run starts with empty volumes (what one container writes, the next
   * reads, within the run).
   */
  String volumesDir() default "";

  /** Proxy auth tokens, each {@code "wk-ID:ws-SECRET"}; none: one is generated if needed. */
  String[] proxyAuthTokens() default {};

  /**
   * Shares one emulator among every test class of the run that asks for the same configuration
   * (apps, workspace, environment, serve mode, tokens, stack, dev suffix, strictness, isolation,
   * secrets and folders) with {@code shared = true}: a large suite pays the start once. It stops
   * when the run ends. Classes sharing an emulator share its journal and containers too, so the
   * extension neither clears the journal nor stops containers for them ({@link FreshContainers} is
   * ignored).
   */
  boolean shared() default false;
}
