package sh.kaito.operator.plan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan command end to end: files in, exit code, YAML on stdout, errors on stderr. */
class PlanCommandTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", "."));
  private static final Path SEED =
      ROOT.resolve("examples/fine-tuning/kaito_workspace_tuning_phi_3.yaml");
  private static final Path INVALID = ROOT.resolve("examples/invalid");

  @TempDir Path tmp;

  /** The outcome of one run. */
  record Run(int exit, String out, String err) {}

  private static Run plan(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        PlanCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static List<JsonNode> documents(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && doc.isObject()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static List<JsonNode> machines(String yaml) throws IOException {
    return documents(yaml).stream().filter(d -> d.path("kind").asText().equals("Machine")).toList();
  }

  private Path seedWithPlaceholdersFilled() throws IOException {
    String seed = Files.readString(SEED);
    assertThat(seed)
        .contains("ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1", "ACR_REGISTRY_SECRET_HERE");
    String filled =
        seed.replace(
                "ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1",
                "myregistry.azurecr.io/phi-3-adapter:0.0.1")
            .replace("ACR_REGISTRY_SECRET_HERE", "acr-push-secret");
    Path file = tmp.resolve("tuning-phi-3.yaml");
    Files.writeString(file, filled);
    return file;
  }

  // --- (a) the seed as shipped
  // --------------------------------------------------------------------

  @Test
  void seedExampleAsShippedIsRejectedForItsPlaceholders() {
    Run r = plan("-f", SEED.toString());

    assertThat(r.exit()).isEqualTo(PlanCommand.INVALID);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("Workspace default/workspace-tuning-phi-3 (" + SEED + ") is invalid:")
        .contains(
            "  - invalid value: Unable to parse output image reference: invalid reference format:"
                + " repository name (IMAGE_NAME_HERE) must be lowercase")
        .contains("tuning.output.image")
        .contains("\"ACR_REGISTRY_SECRET_HERE\" is not a valid Secret name");
  }

  // --- (b) the seed with its placeholders filled in
  // -------------------------------------------------

  @Test
  void seedWithPlaceholdersFilledPlansOneMachine() throws IOException {
    Run r = plan("-f", seedWithPlaceholdersFilled().toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isEqualTo(PlanCommand.OK);
    assertThat(r.out())
        .contains("# Workspace default/workspace-tuning-phi-3 (")
        .contains("\n# target node count: 1\n");
    List<JsonNode> machines = machines(r.out());
    assertThat(machines).hasSize(1);
    JsonNode m = machines.get(0);
    assertThat(m.path("apiVersion").asText()).isEqualTo("kaito.sh/v1alpha1");
    assertThat(m.path("spec").path("instanceType").asText()).isEqualTo("Standard_NC6s_v3");
    assertThat(m.path("spec").path("storage").asText()).isEqualTo("87Gi");
    assertThat(m.path("metadata").path("name").asText()).matches("^ws[0-9a-f]{9}$");
    assertThat(m.path("metadata").path("labels").path("kaito.sh/workspace").asText())
        .isEqualTo("workspace-tuning-phi-3");
    assertThat(m.path("spec").path("labels").path("app").asText()).isEqualTo("tuning-phi-3");
  }

  @Test
  void planOutputIsTheSameOnEveryRun() throws IOException {
    Path file = seedWithPlaceholdersFilled();

    assertThat(plan("-f", file.toString()).out()).isEqualTo(plan("-f", file.toString()).out());
  }

  // --- (c) every invalid example fails with the message it states
  // -----------------------------------

  static Stream<Path> invalidExamples() throws IOException {
    try (Stream<Path> files = Files.list(INVALID)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void thereAreAtLeastEightInvalidExamples() throws IOException {
    assertThat(invalidExamples()).hasSizeGreaterThanOrEqualTo(8);
  }

  private static Optional<String> directive(Path file, String name) throws IOException {
    String prefix = "# " + name + ":";
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void invalidExampleFailsWithItsStatedMessage(Path file) throws IOException {
    String expected =
        directive(file, "expect")
            .orElseThrow(() -> new AssertionError(file + " has no '# expect:' line"));
    int errorCount = directive(file, "errors").map(Integer::parseInt).orElse(1);
    assertThat(Files.readAllLines(file).get(0)).as("leading comment").startsWith("# ");

    Run r = plan("-f", file.toString());

    assertThat(r.exit()).isEqualTo(PlanCommand.INVALID);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(expected);
    assertThat(r.err().lines().filter(l -> l.startsWith("  - "))).as(r.err()).hasSize(errorCount);
  }

  // --- (d) usage errors
  // ------------------------------------------------------------------------------

  @Test
  void noArgumentsIsAUsageError() {
    Run r = plan();

    assertThat(r.exit()).isEqualTo(PlanCommand.USAGE);
    assertThat(r.err())
        .startsWith("plan: no input: give at least one -f FILE\n")
        .contains("Usage: plan -f FILE");
  }

  @Test
  void unknownArgumentIsAUsageError() {
    Run r = plan("-f", SEED.toString(), "--bogus");

    assertThat(r.exit()).isEqualTo(PlanCommand.USAGE);
    assertThat(r.err()).startsWith("plan: unknown argument '--bogus'\n");
  }

  @Test
  void flagWithoutValueIsAUsageError() {
    Run r = plan("-f");

    assertThat(r.exit()).isEqualTo(PlanCommand.USAGE);
    assertThat(r.err()).startsWith("plan: -f needs a value\n");
  }

  @Test
  void unknownProvisionerIsAUsageError() {
    Run r = plan("-f", SEED.toString(), "--provisioner", "karpenter");

    assertThat(r.exit()).isEqualTo(PlanCommand.USAGE);
    assertThat(r.err())
        .startsWith("plan: node provisioning mode 'karpenter' is not one of: machine, byo\n");
  }

  @Test
  void unknownCloudIsAUsageError() {
    Run r = plan("-f", SEED.toString(), "--cloud", "gcp");

    assertThat(r.exit()).isEqualTo(PlanCommand.USAGE);
    assertThat(r.err()).startsWith("plan: cloud 'gcp' is not one of: azure, aws, arc\n");
  }

  @Test
  void helpPrintsUsageAndSucceeds() {
    Run r = plan("--help");

    assertThat(r.exit()).isEqualTo(PlanCommand.OK);
    assertThat(r.out()).startsWith("Usage: plan -f FILE");
  }

  @Test
  void missingFileIsAnInputError() {
    Path missing = tmp.resolve("nope.yaml");

    Run r = plan("-f", missing.toString());

    assertThat(r.exit()).isEqualTo(PlanCommand.INVALID);
    assertThat(r.err()).isEqualTo("plan: " + missing + ": no such file or directory\n");
  }

  @Test
  void fileWithoutWorkspaceIsAnInputError() throws IOException {
    Path file = tmp.resolve("cm.yaml");
    Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");

    Run r = plan("-f", file.toString());

    assertThat(r.exit()).isEqualTo(PlanCommand.INVALID);
    assertThat(r.err()).isEqualTo("plan: no Workspace in the input\n");
  }

  // --- (e) BYO nodes
  // -----------------------------------------------------------------------------------

  @Test
  void byoWorkspaceOnGivenNodesPlansNoMachines() throws IOException {
    Path workspace = tmp.resolve("phi-4.yaml");
    Files.writeString(
        workspace,
        """
        apiVersion: kaito.sh/v1beta1
        kind: Workspace
        metadata:
          name: phi-4-byo
        resource:
          labelSelector:
            matchLabels:
              pool: gpu
        inference:
          preset:
            name: phi-4
        """);
    Path nodes = tmp.resolve("nodes.yaml");
    Files.writeString(
        nodes,
        """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Node
            metadata:
              name: gpu-a
              labels:
                pool: gpu
                nvidia.com/gpu.product: NVIDIA-A10
                nvidia.com/gpu.count: "1"
                nvidia.com/gpu.memory: "24576"
          - apiVersion: v1
            kind: Node
            metadata:
              name: gpu-b
              labels:
                pool: gpu
                nvidia.com/gpu.product: NVIDIA-A10
                nvidia.com/gpu.count: "1"
                nvidia.com/gpu.memory: "24576"
          - apiVersion: v1
            kind: Node
            metadata:
              name: cpu-a
              labels:
                pool: cpu
        """);

    Run r = plan("-f", workspace.toString(), "--provisioner", "byo", "--nodes", nodes.toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isEqualTo(PlanCommand.OK);
    assertThat(r.out())
        .contains("# target node count: 2\n")
        .contains("# BYO nodes: 2 matching node(s), 1x NVIDIA-A10 (24.0 GiB each) each\n");
    assertThat(machines(r.out())).isEmpty();
  }

  @Test
  void byoWorkspaceWithoutNodesIsRejected() throws IOException {
    Path workspace = tmp.resolve("phi-4.yaml");
    Files.writeString(
        workspace,
        """
        apiVersion: kaito.sh/v1beta1
        kind: Workspace
        metadata:
          name: phi-4-byo
        resource:
          labelSelector:
            matchLabels:
              pool: gpu
        inference:
          preset:
            name: phi-4
        """);

    Run r = plan("-f", workspace.toString(), "--provisioner", "byo");

    assertThat(r.exit()).isEqualTo(PlanCommand.INVALID);
    assertThat(r.err()).contains("  - No nodes found matching the specified label selector\n");
  }

  // --- (f) a directory
  // ----------------------------------------------------------------------------------

  @Test
  void directoryInputPlansEveryWorkspaceInIt() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("workspaces"));
    for (String name : List.of("alpha", "beta")) {
      Files.writeString(
          dir.resolve(name + ".yaml"),
          """
          apiVersion: kaito.sh/v1beta1
          kind: Workspace
          metadata:
            name: %s
          resource:
            instanceType: Standard_NV36ads_A10_v5
            labelSelector:
              matchLabels:
                app: %s
          inference:
            preset:
              name: phi-4
          """
              .formatted(name, name));
    }
    Files.writeString(dir.resolve("README.md"), "not yaml: [\n");

    Run r = plan("-f", dir.toString());

    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isEqualTo(PlanCommand.OK);
    assertThat(r.out())
        .contains("# Workspace default/alpha (")
        .contains("# Workspace default/beta (");
    assertThat(r.out().indexOf("default/alpha")).isLessThan(r.out().indexOf("default/beta"));
    // phi-4 needs two A10 GPUs: two Machines per Workspace.
    List<JsonNode> machines = machines(r.out());
    assertThat(machines).hasSize(4);
    assertThat(machines.stream().map(m -> m.path("metadata").path("name").asText()).distinct())
        .hasSize(4);
  }

  @Test
  void directoryOfInvalidExamplesFails() throws IOException {
    Run r = plan("-f", INVALID.toString());

    assertThat(r.exit()).isEqualTo(PlanCommand.INVALID);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().filter(l -> l.endsWith(") is invalid:")).count())
        .isEqualTo(invalidExamples().count());
  }
}
