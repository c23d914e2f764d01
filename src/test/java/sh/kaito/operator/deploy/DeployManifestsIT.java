package sh.kaito.operator.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed {@code deploy/} must be what the build generates: a change to the API types, RBAC
 * or settings that is not regenerated into deploy/ fails here, with the command that fixes it.
 */
class DeployManifestsIT {
  private static final Path GENERATED =
      Path.of(System.getProperty("kaito.generated.deploy.dir", "target/deploy"));
  private static final Path COMMITTED = Path.of("deploy");
  private static final String FIX =
      "regenerate it: ./mvnw package -DskipTests -Dkaito.deploy.dir=deploy";

  @Test
  void committedDeployMatchesGeneratedOutput() throws IOException {
    Set<String> generated = files(GENERATED);
    Set<String> committed = files(COMMITTED);
    assertThat(generated).as("files the build generates").isNotEmpty();
    assertThat(committed).as("files under deploy/ (" + FIX + ")").isEqualTo(generated);
    for (String f : generated) {
      assertThat(Files.readString(COMMITTED.resolve(f)))
          .as("deploy/" + f + " differs from the generated file; " + FIX)
          .isEqualTo(Files.readString(GENERATED.resolve(f)));
    }
  }

  @Test
  void bundleHasACompleteClusterServiceVersionOwningEveryCrd() throws IOException {
    Path manifests = COMMITTED.resolve("olm/kaito-operator/0.1.0/manifests");
    JsonNode csv =
        Manifests.read(manifests.resolve("kaito-operator.clusterserviceversion.yaml")).get(0);
    assertThat(csv.path("kind").asText()).isEqualTo("ClusterServiceVersion");
    assertThat(csv.path("metadata").path("name").asText()).isEqualTo("kaito-operator.v0.1.0");
    JsonNode spec = csv.path("spec");
    for (String field :
        List.of("displayName", "description", "version", "maturity", "minKubeVersion")) {
      assertThat(spec.path(field).asText()).as(field).isNotBlank();
    }
    assertThat(spec.path("installModes").findValuesAsText("type"))
        .containsExactlyInAnyOrder(
            "OwnNamespace", "SingleNamespace", "MultiNamespace", "AllNamespaces");
    assertThat(spec.path("install").path("spec").path("deployments").path(0).path("name").asText())
        .isEqualTo("kaito-operator");
    assertThat(spec.path("webhookdefinitions").path(0).path("webhookPath").asText())
        .isEqualTo("/validate/workspace.kaito.sh");

    JsonNode examples =
        Manifests.READER.readTree(
            csv.path("metadata").path("annotations").path("alm-examples").asText());
    assertThat(examples.findValuesAsText("kind")).contains("Workspace");

    Set<String> ownedCrds = new TreeSet<>();
    spec.path("customresourcedefinitions")
        .path("owned")
        .forEach(o -> ownedCrds.add(o.path("name").asText()));
    Set<String> bundledCrds;
    try (Stream<Path> files = Files.list(manifests)) {
      bundledCrds =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".crd.yaml"))
              .map(n -> n.substring(0, n.length() - ".crd.yaml".length()))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(ownedCrds).containsExactly("machines.kaito.sh", "workspaces.kaito.sh");
    assertThat(bundledCrds).isEqualTo(ownedCrds);
  }

  @Test
  void workspaceCrdShowsKaitosColumnsInKaitosOrder() throws IOException {
    JsonNode crd = Manifests.read(COMMITTED.resolve("crds/workspaces.kaito.sh.yaml")).get(0);
    JsonNode v1beta1 =
        crd.path("spec").path("versions").findParents("name").stream()
            .filter(v -> v.path("name").asText().equals("v1beta1"))
            .findFirst()
            .orElseThrow();
    assertThat(v1beta1.path("additionalPrinterColumns").findValuesAsText("name"))
        .containsExactly(
            "Instance",
            "ResourceReady",
            "InferenceReady",
            "JobStarted",
            "WorkspaceSucceeded",
            "TargetNodeCount",
            "State",
            "Age");
  }

  private static Set<String> files(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return Set.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
