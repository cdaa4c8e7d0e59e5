package io.github.modalemulator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the emulator's main code, checked on its compiled classes: the folder tree
 * is the architecture (definition, gateway, runtime, assembly, cli), and these keep it so.
 */
class ArchitectureTest {
  private static final String ROOT = "io.github.modalemulator";
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);
  }

  /**
   * A public value of the API (a record, an exception, an annotation or enum of the root package)
   * may be used anywhere: internal code makes and reads them without depending on what runs.
   */
  private static final DescribedPredicate<JavaClass> PUBLIC_VALUE =
      DescribedPredicate.describe(
          "a public value type of the API",
          type -> {
            JavaClass target = type.getBaseComponentType();
            boolean value =
                target.isRecord()
                    || target.isEnum()
                    || target.isAnnotation()
                    || target.isAssignableTo(Throwable.class);
            return (target.getPackageName().equals(ROOT + ".emulator")
                    && (value
                        || target.getSimpleName().equals("RecordedHeaders")
                        || target.getSimpleName().equals("FunctionStub")))
                // the calls' errors and options, which the calls layer below makes
                || (target.getPackageName().equals(ROOT) && value);
          });

  /**
   * Every package in one layer, each layer reached only from those above it. From the top: the
   * command line; the facade ({@code emulator}, whose public value records every layer may make and
   * read); the assembly that starts and reloads a server ({@code assembly}, {@code serve}); the
   * tools beside it (typed clients, export); the edge below the functions ({@code listen}, the
   * {@code gateway}, the {@code dashboard}); the runtime of containers and endpoint kinds; the
   * calls between functions ({@code calls}: the boundary, the ledger, which emulator a handle
   * reaches; the public handles {@code RemoteFunction} and {@code FunctionCall} sit on it); the
   * pure definition of apps; the class loaders that keep user code apart from the emulator ({@code
   * isolation}, and what a container's code sees as its environment); HTTP helpers; and the
   * annotations, which everything may read.
   */
  @Test
  void everyPackageSitsInALayerReachedOnlyFromAbove() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage(ROOT + "..")
        .ensureAllClassesAreContainedInArchitecture()
        .layer("Cli")
        .definedBy(ROOT + ".cli..")
        .layer("Facade")
        .definedBy(ROOT + ".emulator..")
        .layer("Assembly")
        .definedBy(ROOT + ".internal.assembly..", ROOT + ".internal.serve..")
        .layer("Tools")
        .definedBy(ROOT + ".internal.client..", ROOT + ".internal.export..")
        .layer("Edge")
        .definedBy(
            ROOT + ".internal.listen..",
            ROOT + ".internal.gateway..",
            ROOT + ".internal.dashboard..")
        .layer("Runtime")
        .definedBy(ROOT + ".internal.runtime..")
        .layer("Calls")
        .definedBy(ROOT + ".internal.calls..")
        .layer("Definition")
        .definedBy(ROOT + ".internal.definition..")
        .layer("Isolation")
        .definedBy(ROOT + ".internal.isolation..")
        .layer("Http")
        .definedBy(ROOT + ".internal.http..")
        .layer("Annotations")
        .definedBy(ROOT)
        .whereLayer("Cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Facade")
        .mayOnlyBeAccessedByLayers("Cli")
        .whereLayer("Assembly")
        .mayOnlyBeAccessedByLayers("Facade", "Cli")
        .whereLayer("Tools")
        .mayOnlyBeAccessedByLayers("Facade", "Cli")
        .whereLayer("Edge")
        .mayOnlyBeAccessedByLayers("Assembly", "Facade")
        .whereLayer("Runtime")
        .mayOnlyBeAccessedByLayers("Edge", "Assembly", "Facade")
        .whereLayer("Calls")
        .mayOnlyBeAccessedByLayers("Annotations", "Runtime", "Edge", "Assembly", "Facade", "Tools")
        .whereLayer("Definition")
        .mayOnlyBeAccessedByLayers("Runtime", "Edge", "Tools", "Assembly", "Facade", "Cli")
        .whereLayer("Isolation")
        // Annotations: ExecutionContext reads a container's environment and volumes
        // (ContainerScope)
        .mayOnlyBeAccessedByLayers("Annotations", "Runtime", "Assembly", "Facade", "Cli")
        .whereLayer("Http")
        .mayOnlyBeAccessedByLayers("Runtime", "Edge", "Assembly")
        .ignoreDependency(DescribedPredicate.alwaysTrue(), PUBLIC_VALUE)
        .check(classes);
  }

  @Test
  void packagesHaveNoCyclesBesidesTheApisValueTypes() {
    slices()
        .matching(ROOT + ".(**)")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(DescribedPredicate.alwaysTrue(), PUBLIC_VALUE)
        .check(classes);
  }

  @Test
  void theFacadeDoesNotDependOnTheCommandLine() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".cli..")
        .check(classes);
  }

  @Test
  void theFastapiRuntimeBuildsOnTheSharedRuntimeAndNotTheReverse() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".internal.runtime")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + ".internal.runtime.fastapi..")
        .check(classes);
  }

  /**
   * Pure: it reads annotations and signatures (an app's HttpHandler among them), and runs nothing.
   */
  @Test
  void theDefinitionLayerKnowsNothingThatRuns() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".internal.definition..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".internal.gateway..",
            ROOT + ".internal.runtime..",
            ROOT + ".internal.assembly..")
        .check(classes);
  }

  @Test
  void theGatewayAndRuntimeDoNotReachIntoTheServerThatAssemblesThem() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".internal.gateway..", ROOT + ".internal.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".internal.assembly..", ROOT + ".internal.serve..")
        .check(classes);
  }

  /**
   * The edge's and the listeners' handlers pass requests on through {@code Hop}, whose one call
   * site keeps the JIT from compiling the rest of the chain again inside every handler (the cold
   * path's compiles).
   */
  @Test
  void theEdgeHandlersPassRequestsOnThroughHop() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".internal.gateway..", ROOT + ".internal.listen..")
        .should()
        .callMethod(
            io.undertow.server.HttpHandler.class,
            "handleRequest",
            io.undertow.server.HttpServerExchange.class)
        .because("a handler's own call site to next is inlined by C2 with the rest of the chain")
        .check(classes);
  }

  @Test
  void noUndertowTypeInAPublicSignatureOfTheApi() {
    ArchRule rule =
        ArchRuleDefinition.classes()
            .that()
            .resideInAnyPackage(ROOT, ROOT + ".emulator", ROOT + ".cli")
            .and()
            .arePublic()
            .should(exposeNoUndertowTypes());
    rule.check(classes);
  }

  private static ArchCondition<JavaClass> exposeNoUndertowTypes() {
    return new ArchCondition<>("expose no Undertow or XNIO type in a public signature") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        Stream<JavaCodeUnit> units =
            type.getCodeUnits().stream()
                .filter(u -> u.getModifiers().contains(JavaModifier.PUBLIC));
        units.forEach(
            unit -> {
              Stream.concat(
                      Stream.of(unit.getRawReturnType()), unit.getRawParameterTypes().stream())
                  .filter(ArchitectureTest::isServerType)
                  .forEach(
                      t ->
                          events.add(
                              SimpleConditionEvent.violated(
                                  unit, unit.getFullName() + " exposes " + t.getName())));
            });
        for (JavaField field : type.getFields()) {
          if (field.getModifiers().contains(JavaModifier.PUBLIC)
              && isServerType(field.getRawType())) {
            events.add(
                SimpleConditionEvent.violated(
                    field, field.getFullName() + " exposes " + field.getRawType().getName()));
          }
        }
      }
    };
  }

  private static boolean isServerType(JavaClass type) {
    String name = type.getBaseComponentType().getName();
    return name.startsWith("io.undertow.") || name.startsWith("org.xnio.");
  }
}
