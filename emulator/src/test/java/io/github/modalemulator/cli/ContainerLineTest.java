package io.github.modalemulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The {@code container} line read without picocli: every line it reads gives the fields picocli
 * gives, and every other line is left to picocli.
 */
class ContainerLineTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "container --cp a.jar:b.jar com.example.Shop hello=8000",
        "container --cp=a.jar com.example.Shop hello",
        "container --stop-with-stdin --bind 127.0.0.1 --cp /tmp/x com.example.Shop hello=1 two=2",
        "container --cp lib/a.jar com.example.Shop hello=8000 --bridge http://127.0.0.1:4000",
        "container --bridge=http://127.0.0.1:4000/x?y=1 com.example.Shop Model.predict=9001",
        "container --parameter size=3 --parameter name=big --cp a Shop Model.predict",
        "container --parameter=size=3 --strict-web-server-bind Shop hello=0 --bind=0.0.0.0",
        "container Shop hello=notaport",
      })
  void readsThePlainFormsAsPicocliDoes(String line) {
    String[] args = line.split(" ");

    ContainerCommand fast = ContainerLine.read(args);

    assertThat(fast).isNotNull();
    assertThat(fields(fast)).isEqualTo(fields(picocli(args)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "container --help",
        "container -h Shop hello",
        "container --version Shop hello",
        "container Shop",
        "container --cp a.jar Shop",
        "container --cp a --cp b Shop hello",
        "container --bind a --bind b Shop hello",
        "container --header-timeout 5s Shop hello",
        "container --unknown Shop hello",
        "container --stop-with-stdin --stop-with-stdin Shop hello",
        "container --stop-with-stdin=true Shop hello",
        "container --cp -x Shop hello",
        "container --cp @args Shop hello",
        "container @args",
        "container Shop hello --cp",
        "container --parameter a Shop hello",
        "container --parameter a=b=c Shop hello",
        "container --parameter a= Shop hello",
        "container --parameter a=1 --parameter a=2 Shop hello",
        "container --bridge http://bad^uri Shop hello",
        "container -- Shop hello",
        "deploy --cp a.jar Shop hello",
      })
  void leavesEveryOtherLineToPicocli(String line) {
    assertThat(ContainerLine.read(line.split(" "))).isNull();
  }

  private static ContainerCommand picocli(String[] args) {
    ContainerCommand command = new ContainerCommand();
    new CommandLine(command)
        .parseArgs(List.of(args).subList(1, args.length).toArray(String[]::new));
    return command;
  }

  private static List<Object> fields(ContainerCommand command) {
    return List.of(
        String.valueOf(command.classPath.classPath),
        command.bind,
        command.strictWebServerBind,
        String.valueOf(command.bridge),
        command.parameters,
        command.stopWithStdin,
        command.appClass,
        command.functions,
        String.valueOf(command.headerTimeout));
  }
}
