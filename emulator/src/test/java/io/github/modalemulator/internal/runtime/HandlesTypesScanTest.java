package io.github.modalemulator.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan finds an app's classes in a jar as in a folder: the exported cloud app runs its classes
 * from jars ({@code ServletApplicationTest} covers the folder).
 */
class HandlesTypesScanTest {
  private static final String PACKAGE = "io.github.modalemulator.servers.servletapp";
  private static final String FOLDER = PACKAGE.replace('.', '/') + "/";

  @TempDir Path dir;

  /** The test's own class path, less the app's package: that comes from the jar alone. */
  private static final class WithoutTheApp extends ClassLoader {
    WithoutTheApp(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith(PACKAGE + ".")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.startsWith(FOLDER)
          ? java.util.Collections.emptyEnumeration()
          : super.getResources(name);
    }
  }

  private Path appJar() throws Exception {
    Path classes =
        Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve(FOLDER);
    Path jar = dir.resolve("shop.jar");
    try (OutputStream written = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(written);
        Stream<Path> files = Files.list(classes)) {
      String path = "";
      for (String segment : FOLDER.split("/")) {
        path += segment + "/";
        out.putNextEntry(new JarEntry(path));
        out.closeEntry();
      }
      for (Path file : files.sorted().toList()) {
        out.putNextEntry(new JarEntry(FOLDER + file.getFileName()));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void findsTheHandledTypesAmongTheAppsClassesInAJar() throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {appJar().toUri().toURL()}, new WithoutTheApp(getClass().getClassLoader()))) {
      Class<?> app = loader.loadClass(PACKAGE + ".ServletApplicationTest$Shop");
      assertThat(app.getClassLoader()).isSameAs(loader);
      ServletContainerInitializer initializer =
          (ServletContainerInitializer)
              loader.loadClass(PACKAGE + ".ShopInitializer").getDeclaredConstructor().newInstance();
      Set<Class<?>> found = HandlesTypesScan.of(initializer, app);
      assertThat(found.stream().map(Class::getName).sorted().toList())
          .isEqualTo(
              List.of(
                  PACKAGE + ".AbstractModule",
                  PACKAGE + ".HealthModule",
                  PACKAGE + ".ItemsModule"));
      assertThat(found).allMatch(type -> type.getClassLoader() == loader);
    }
  }

  @Test
  void anInitializerWithoutHandlesTypesIsHandedNull() {
    ServletContainerInitializer plain = (classes, context) -> {};
    assertThat(HandlesTypesScan.of(plain, HandlesTypesScanTest.class)).isNull();
  }
}
