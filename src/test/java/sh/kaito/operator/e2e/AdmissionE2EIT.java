package sh.kaito.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;

import sh.kaito.operator.api.v1beta1.Workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Admission through the real API server: every Workspace under {@code examples/invalid/} is refused
 * by the webhook {@code validation.workspace.kaito.sh} (reached by the API server over TLS) with
 * the message its {@code # expect:} line states, and every other example is admitted (server-side
 * dry run, with the seed's placeholders replaced).
 */
class AdmissionE2EIT extends E2eTest {
  private static final Path EXAMPLES = Path.of("examples");

  @Override
  String namespacePrefix() {
    return "admission";
  }

  static Stream<Path> invalidExamples() throws IOException {
    return yamlFiles(EXAMPLES.resolve("invalid"));
  }

  static Stream<Path> validExamples() throws IOException {
    return Stream.concat(
        yamlFiles(EXAMPLES.resolve("inference")), yamlFiles(EXAMPLES.resolve("fine-tuning")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void invalidExampleIsRefusedByTheWebhookWithItsStatedMessage(Path file) throws IOException {
    String expected =
        directive(file, "expect")
            .orElseThrow(() -> new AssertionError(file + " has no '# expect:' line"));
    List<GenericKubernetesResource> docs = cluster.documents(Files.readString(file));
    GenericKubernetesResource workspace = workspaceOf(file, docs);
    for (GenericKubernetesResource other : docs) {
      if (other != workspace) { // e.g. the ConfigMap the Workspace refers to
        client.resource(other).inNamespace(ns).create();
      }
    }

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> client.resource(workspace).inNamespace(ns).create());

    assertThat(refused).as(file + " was admitted").isNotNull();
    String message = refused.getStatus() == null ? "" : refused.getStatus().getMessage();
    assertThat(message)
        .as("refusal of " + file)
        .startsWith(E2eCluster.WEBHOOK_DENIED + ": validation failed: ")
        .contains(expected);
    assertThat(client.resources(Workspace.class).inNamespace(ns).list().getItems()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void exampleIsAdmitted(Path file) throws IOException {
    List<GenericKubernetesResource> docs = cluster.documents(localValues(file));
    GenericKubernetesResource workspace = workspaceOf(file, docs);
    for (GenericKubernetesResource other : docs) {
      if (other != workspace) {
        client.resource(other).inNamespace(ns).create();
      }
    }

    GenericKubernetesResource admitted =
        client.resource(workspace).inNamespace(ns).dryRun().create();

    assertThat(admitted.getMetadata().getName()).isEqualTo(workspace.getMetadata().getName());
  }

  // --- helpers
  // -------------------------------------------------------------------------------------------------

  private static String localValues(Path file) throws IOException {
    return Files.readString(file)
        .replace(
            "ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1", WorkspaceE2EIT.LOCAL_OUTPUT_IMAGE)
        .replace("ACR_REGISTRY_SECRET_HERE", WorkspaceE2EIT.LOCAL_PUSH_SECRET);
  }

  private static GenericKubernetesResource workspaceOf(
      Path file, List<GenericKubernetesResource> docs) {
    List<GenericKubernetesResource> workspaces =
        docs.stream().filter(d -> "Workspace".equals(d.getKind())).toList();
    assertThat(workspaces).as("Workspaces in " + file).hasSize(1);
    return workspaces.get(0);
  }

  private static Optional<String> directive(Path file, String name) throws IOException {
    String prefix = "# " + name + ":";
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst();
  }

  private static Stream<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }
}
