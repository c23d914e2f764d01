package sh.kaito.operator.plan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example's plan, compared with a reviewed expected file under {@code
 * src/test/resources/golden}: a change in what the operator creates shows up as a diff. After a
 * deliberate change, regenerate with {@code ./mvnw test -Dtest=PlanGoldenFilesTest
 * -Dkaito.golden.update=true} and review the diff.
 */
class PlanGoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("kaito.golden.update");

  @TempDir Path tmp;

  static Stream<Path> examples() throws IOException {
    List<Path> files;
    try (Stream<Path> inference = Files.list(Path.of("examples/inference"));
        Stream<Path> tuning = Files.list(Path.of("examples/fine-tuning"))) {
      files =
          Stream.concat(inference, tuning)
              .filter(p -> p.toString().endsWith(".yaml"))
              .sorted()
              .toList();
    }
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void planEqualsTheReviewedExpectedOutput(Path example) throws IOException {
    Path input = example;
    String yaml = Files.readString(example);
    if (yaml.contains("ACR_REPO_HERE")) {
      // The seed's example: its placeholders replaced with values that pass admission.
      input = tmp.resolve(example.getFileName());
      Files.writeString(
          input,
          yaml.replace(
                  "ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1",
                  "myregistry.azurecr.io/phi-3-adapter:0.0.1")
              .replace("ACR_REGISTRY_SECRET_HERE", "acr-push-secret"));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        PlanCommand.run(
            new String[] {"-f", input.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String plan =
        out.toString(StandardCharsets.UTF_8).replace(input.toString(), example.toString());

    Path golden = GOLDEN.resolve(example.getFileName());
    if (UPDATE) {
      Files.writeString(golden, plan);
    }
    assertThat(golden)
        .as("expected plan for " + example + " (regenerate with -Dkaito.golden.update=true)")
        .exists();
    assertThat(plan).isEqualTo(Files.readString(golden));
  }
}
