package sh.kaito.operator.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated CRDs have KAITO's shape, and every field is described for kubectl explain. */
class CrdSchemaIT {
  private static final Path GENERATED =
      Path.of(System.getProperty("kaito.generated.deploy.dir", "target/deploy"));

  private static JsonNode crd(String name) throws IOException {
    return Manifests.read(GENERATED.resolve("crds").resolve(name + ".yaml")).get(0);
  }

  private static JsonNode version(JsonNode crd, String name) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no version " + name);
  }

  @Test
  void everyPropertyOfEveryVersionHasADescription() throws IOException {
    for (String name : List.of("workspaces.kaito.sh", "machines.kaito.sh")) {
      for (JsonNode v : crd(name).path("spec").path("versions")) {
        List<String> undescribed = new ArrayList<>();
        walk(v.path("schema").path("openAPIV3Schema"), v.path("name").asText(), undescribed);
        assertThat(undescribed).as(name + " properties without description").isEmpty();
      }
    }
  }

  private static void walk(JsonNode schema, String path, List<String> undescribed) {
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().hasNonNull("description")) {
                undescribed.add(path + "." + e.getKey());
              }
              walk(e.getValue(), path + "." + e.getKey(), undescribed);
            });
    if (schema.has("items")) {
      walk(schema.path("items"), path + "[]", undescribed);
    }
  }

  /**
   * The operator writes status with Server-Side Apply, and the API server converts the object to
   * the version of every field manager on it: a status field missing from v1alpha1 breaks every
   * status write to a Workspace created as v1alpha1 (seen against a real API server).
   */
  @Test
  void workspaceStatusHasTheSameSchemaInBothVersions() throws IOException {
    JsonNode crd = crd("workspaces.kaito.sh");
    JsonNode v1beta1 = version(crd, "v1beta1").at("/schema/openAPIV3Schema/properties/status");
    JsonNode v1alpha1 = version(crd, "v1alpha1").at("/schema/openAPIV3Schema/properties/status");

    assertThat(v1beta1.path("properties").has("targetNodeCount")).isTrue();
    assertThat(v1alpha1).isEqualTo(v1beta1);
  }

  @Test
  void workspaceHasNoSpecAndKaitosNamesVersionsAndDefaults() throws IOException {
    JsonNode crd = crd("workspaces.kaito.sh");
    JsonNode names = crd.path("spec").path("names");
    assertThat(textList(names.path("shortNames"))).containsExactly("wk", "wks");
    assertThat(textList(names.path("categories"))).containsExactly("workspace");
    assertThat(crd.path("spec").path("scope").asText()).isEqualTo("Namespaced");

    JsonNode beta = version(crd, "v1beta1");
    JsonNode alpha = version(crd, "v1alpha1");
    assertThat(beta.path("storage").asBoolean()).isTrue();
    assertThat(alpha.path("storage").asBoolean()).isFalse();
    assertThat(alpha.path("served").asBoolean()).isTrue();
    assertThat(beta.path("subresources").has("status")).isTrue();

    JsonNode root = beta.path("schema").path("openAPIV3Schema").path("properties");
    assertThat(root.has("spec")).as("a Workspace has no spec").isFalse();
    assertThat(textList(root.path("resource").path("required"))).containsExactly("labelSelector");
    assertThat(root.path("resource").path("properties").path("count").path("default").asInt())
        .isEqualTo(1);
    assertThat(
            root.path("inference")
                .path("properties")
                .path("preset")
                .path("properties")
                .path("accessMode")
                .path("default")
                .asText())
        .isEqualTo("public");
    assertThat(
            root.path("inference")
                .path("properties")
                .path("template")
                .path("x-kubernetes-preserve-unknown-fields")
                .asBoolean())
        .isTrue();
    assertThat(
            root.path("tuning")
                .path("properties")
                .path("output")
                .path("properties")
                .path("volumeSource")
                .path("x-kubernetes-preserve-unknown-fields")
                .asBoolean())
        .isTrue();
    assertThat(textList(root.path("tuning").path("required")))
        .containsExactlyInAnyOrder("input", "output");
    assertThat(
            textList(
                root.path("resource")
                    .path("properties")
                    .path("partition")
                    .path("properties")
                    .path("mode")
                    .path("enum")))
        .containsExactlyInAnyOrder("mig", "accelerator");

    JsonNode alphaRoot = alpha.path("schema").path("openAPIV3Schema").path("properties");
    assertThat(
            alphaRoot
                .path("resource")
                .path("properties")
                .path("instanceType")
                .path("default")
                .asText())
        .isEqualTo("Standard_NC24ads_A100_v4");
    assertThat(alphaRoot.path("resource").path("properties").has("partition")).isFalse();
  }

  @Test
  void machineIsClusterScopedWithItsColumns() throws IOException {
    JsonNode crd = crd("machines.kaito.sh");
    assertThat(crd.path("spec").path("scope").asText()).isEqualTo("Cluster");
    JsonNode v = version(crd, "v1alpha1");
    assertThat(textList(collectNames(v)))
        .containsExactly("Instance", "Node", "Ready", "Workspace", "State", "Age");
    assertThat(
            textList(
                v.path("schema")
                    .path("openAPIV3Schema")
                    .path("properties")
                    .path("spec")
                    .path("required")))
        .containsExactly("instanceType");
  }

  private static JsonNode collectNames(JsonNode version) {
    var array = Manifests.READER.createArrayNode();
    version.path("additionalPrinterColumns").forEach(c -> array.add(c.path("name").asText()));
    return array;
  }

  private static List<String> textList(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
