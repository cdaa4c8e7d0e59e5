package io.github.modalemulator.junit;

import io.github.modalemulator.emulator.Emulator;
import io.github.modalemulator.emulator.FastapiStack;
import io.github.modalemulator.emulator.Isolation;
import io.github.modalemulator.emulator.WebFunction;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs an emulator for tests. Declaratively, through {@link ModalEmulator} on the test class; or
 * registered as a field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static ModalEmulatorExtension modal = ModalEmulatorExtension.builder().apps(HelloApp.class).build();
 * }</pre>
 *
 * <p>A {@code static} field gives one emulator per class, an instance field one per test. All state
 * lives in JUnit's {@link ExtensionContext.Store}, so parallel test classes never share a port or
 * an emulator unless they ask to ({@link ModalEmulator#shared()}). It resolves parameters of type
 * {@link Emulator}, {@link WebUrl @WebUrl} {@code String}/{@code URI} and {@link
 * FunctionSpec @FunctionSpec} REST Assured {@code RequestSpecification}, and nothing else.
 */
public final class ModalEmulatorExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(ModalEmulatorExtension.class);
  private static final String DECLARED = "declared";
  private static final String OWNER = "owner";
  private static final String REST_ASSURED_SPEC =
      "io.restassured.specification.RequestSpecification";

  /** Null when JUnit made this extension for {@link ModalEmulator}. */
  private final EmulatorSettings settings;

  /** For {@link ModalEmulator}; register a field with {@link #builder()} instead. */
  public ModalEmulatorExtension() {
    this.settings = null;
  }

  private ModalEmulatorExtension(EmulatorSettings settings) {
    this.settings = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The running emulator of this (registered) extension, for use in test code. */
  public Emulator emulator(ExtensionContext context) {
    return holder(context).emulator;
  }

  @Override
  @SuppressWarnings(
      "deprecation") // getOrComputeIfAbsent: JUnit 6 deprecates it, 5.10 lacks the new one
  public void beforeAll(ExtensionContext context) {
    claim(context);
    if (settings != null) {
      // A static field: one emulator for the class (and its @Nested classes).
      context.getStore(NAMESPACE).getOrComputeIfAbsent(this, key -> start(context, settings));
      return;
    }
    // Searches the class, its superclasses and meta-annotations, never enclosing classes.
    Optional<ModalEmulator> own =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), ModalEmulator.class);
    Holder enclosing = context.getStore(NAMESPACE).get(DECLARED, Holder.class);
    if (enclosing != null && own.isEmpty()) {
      return; // a @Nested class: its enclosing class's emulator serves it, on the same port
    }
    ModalEmulator annotation =
        own.orElseThrow(
            () ->
                new ExtensionConfigurationException(
                    "ModalEmulatorExtension was registered with @ExtendWith on "
                        + context.getRequiredTestClass().getName()
                        + " without settings: annotate the class with @ModalEmulator(apps = ...)"
                        + " or register ModalEmulatorExtension.builder()...build() with"
                        + " @RegisterExtension"));
    EmulatorSettings declared = EmulatorSettings.of(annotation);
    context.getStore(NAMESPACE).put(DECLARED, start(context, declared));
  }

  /**
   * One emulator per test: two registrations (say {@code @ModalEmulator} and a field) would both
   * offer an {@code Emulator} parameter, and JUnit refuses competing resolvers with a message that
   * doesn't say why. Say why, before anything starts.
   */
  private void claim(ExtensionContext context) {
    Object owner = context.getStore(NAMESPACE).get(OWNER);
    if (owner != null && owner != this) {
      throw new ExtensionConfigurationException(
          context.getRequiredTestClass().getName()
              + " gets two emulators: from @ModalEmulator and from a registered"
              + " ModalEmulatorExtension field (or two fields, or an enclosing class's); keep one,"
              + " so that parameters such as Emulator have one source");
    }
    context.getStore(NAMESPACE).put(OWNER, this);
  }

  @SuppressWarnings("deprecation") // as in beforeAll
  private static Holder start(ExtensionContext context, EmulatorSettings settings) {
    if (!settings.shared()) {
      return Holder.of(settings.start(), true);
    }
    // One per run and configuration: the root store closes it when the run ends.
    Holder shared =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(settings, key -> Holder.of(settings.start(), true), Holder.class);
    return Holder.of(shared.emulator, false);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Holder holder = lookUp(context);
    if (holder == null && settings != null) {
      // An instance field: JUnit registers it after the instance exists, so no beforeAll; one
      // emulator for this test, closed with the test's store.
      claim(context);
      holder = start(context, settings);
      context.getStore(NAMESPACE).put(this, holder);
    }
    if (holder == null) {
      return; // beforeAll said what is wrong
    }
    if (holder.shared()) {
      return; // other classes may be using it right now: its journal and containers are theirs too
    }
    holder.emulator.clearRequests();
    holder.emulator.clearCalls();
    holder.emulator.clearStubs(); // a test's stubs are its own: set them in the test or @BeforeEach
    boolean fresh =
        context.getTestMethod().map(m -> m.isAnnotationPresent(FreshContainers.class)).orElse(false)
            || AnnotationSupport.isAnnotated(context.getRequiredTestClass(), FreshContainers.class);
    if (fresh) {
      holder.emulator.stopIdleContainers();
    }
  }

  private Holder lookUp(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(settings != null ? this : DECLARED, Holder.class);
  }

  private Holder holder(ExtensionContext context) {
    Holder holder = lookUp(context);
    if (holder == null) {
      throw new IllegalStateException(
          "no emulator runs for "
              + context.getDisplayName()
              + ": the extension starts it before the class's (or, for an instance field, the"
              + " test's) first test");
    }
    return holder;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    Parameter parameter = parameterContext.getParameter();
    Class<?> type = parameter.getType();
    if (type == Emulator.class) {
      return true;
    }
    // Ours when annotated with ours, whatever the type: a wrong type gets our message.
    return parameterContext.isAnnotated(WebUrl.class)
        || parameterContext.isAnnotated(FunctionSpec.class);
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    Emulator emulator = holder(context).emulator;
    Parameter parameter = parameterContext.getParameter();
    if (parameter.getType() == Emulator.class) {
      return emulator;
    }
    Optional<WebUrl> url = parameterContext.findAnnotation(WebUrl.class);
    if (url.isPresent()
        && parameter.getType() != String.class
        && parameter.getType() != URI.class) {
      throw new ParameterResolutionException(
          "@WebUrl goes on a String or java.net.URI parameter, not on " + parameter);
    }
    if (parameterContext.isAnnotated(FunctionSpec.class)
        && !parameter.getType().getName().equals(REST_ASSURED_SPEC)) {
      throw new ParameterResolutionException(
          "@FunctionSpec goes on a REST Assured RequestSpecification parameter ("
              + REST_ASSURED_SPEC
              + "), not on "
              + parameter);
    }
    if (url.isPresent()) {
      WebFunction function = function(emulator, url.get().app(), url.get().value(), parameter);
      return parameter.getType() == URI.class ? URI.create(function.url()) : function.url();
    }
    FunctionSpec spec = parameterContext.findAnnotation(FunctionSpec.class).orElseThrow();
    WebFunction function = function(emulator, spec.app(), spec.value(), parameter);
    String baseUri = function.url();
    if (!spec.domain().isEmpty()) {
      String wanted = "http://" + spec.domain().toLowerCase(java.util.Locale.ROOT) + ":";
      baseUri =
          function.customDomainUrls().stream()
              .filter(u -> u.startsWith(wanted))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ParameterResolutionException(
                          "@FunctionSpec on "
                              + parameter
                              + ": "
                              + function.name()
                              + " has no custom domain \""
                              + spec.domain()
                              + "\"; its custom domains: "
                              + function.customDomainUrls()));
    }
    String[] token = null;
    if (spec.proxyAuth()) {
      var tokens = emulator.proxyAuthTokens();
      if (tokens.isEmpty()) {
        throw new ParameterResolutionException(
            "@FunctionSpec(proxyAuth = true) on "
                + parameter
                + ": the emulator has no proxy auth token (no function requires one and none was"
                + " given)");
      }
      token = new String[] {tokens.get(0).key(), tokens.get(0).secret()};
    }
    try {
      return RestAssuredSpecs.spec(baseUri, emulator.proxyAddress(), token);
    } catch (NoClassDefFoundError missing) {
      throw new ParameterResolutionException(
          "@FunctionSpec needs REST Assured 5 on the test class path (io.rest-assured:rest-assured)",
          missing);
    }
  }

  private static WebFunction function(
      Emulator emulator, String app, String name, Parameter parameter) {
    String url;
    try {
      url = app.isEmpty() ? emulator.webUrl(name) : emulator.webUrl(app, name);
    } catch (IllegalArgumentException unknown) {
      throw new ParameterResolutionException(
          "can't resolve " + parameter + ": " + unknown.getMessage(), unknown);
    }
    return emulator.webFunctions().stream()
        .filter(f -> f.url().equals(url))
        .findFirst()
        .orElseThrow();
  }

  /** Settings for a {@link ModalEmulatorExtension} registered with {@code @RegisterExtension}. */
  public static final class Builder {
    private final List<Class<?>> apps = new ArrayList<>();
    private String workspace = "local";
    private String environment = "";
    private boolean serveMode;
    private final List<String> tokens = new ArrayList<>();
    private boolean shared;
    private FastapiStack fastapiStack = FastapiStack.CURRENT;
    private String devSuffix = "";
    private boolean strictWebEndpoint;
    private boolean strictWebServerBind;
    private Isolation isolation = Isolation.CONTAINER;

    private Builder() {}

    /** See {@link ModalEmulator#isolation()}. */
    public Builder isolation(Isolation isolation) {
      this.isolation = Objects.requireNonNull(isolation, "isolation");
      return this;
    }

    /** See {@link ModalEmulator#fastapiStack()}. */
    public Builder fastapiStack(FastapiStack stack) {
      this.fastapiStack = Objects.requireNonNull(stack, "stack");
      return this;
    }

    /** See {@link ModalEmulator#devSuffix()}. */
    public Builder devSuffix(String devSuffix) {
      this.devSuffix = Objects.requireNonNull(devSuffix, "devSuffix");
      return this;
    }

    /** See {@link ModalEmulator#strictWebEndpoint()}. */
    public Builder strictWebEndpoint(boolean strict) {
      this.strictWebEndpoint = strict;
      return this;
    }

    /** See {@link ModalEmulator#strictWebServerBind()}. */
    public Builder strictWebServerBind(boolean strict) {
      this.strictWebServerBind = strict;
      return this;
    }

    public Builder apps(Class<?>... apps) {
      this.apps.addAll(Arrays.asList(apps));
      return this;
    }

    public Builder workspace(String workspace) {
      this.workspace = Objects.requireNonNull(workspace, "workspace");
      return this;
    }

    public Builder environment(String environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    public Builder serveMode(boolean serveMode) {
      this.serveMode = serveMode;
      return this;
    }

    public Builder proxyAuthToken(String key, String secret) {
      this.tokens.add(key + ":" + secret);
      return this;
    }

    /** See {@link ModalEmulator#shared()}. */
    public Builder shared(boolean shared) {
      this.shared = shared;
      return this;
    }

    public ModalEmulatorExtension build() {
      if (apps.isEmpty()) {
        throw new IllegalArgumentException("name the @App classes to serve: apps(MyApp.class)");
      }
      return new ModalEmulatorExtension(
          new EmulatorSettings(
              apps,
              workspace,
              environment,
              serveMode,
              tokens,
              shared,
              fastapiStack,
              devSuffix,
              strictWebEndpoint,
              strictWebServerBind,
              isolation));
    }
  }
}
