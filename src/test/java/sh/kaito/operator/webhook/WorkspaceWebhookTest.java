package sh.kaito.operator.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook end to end on the fabric8 mock API server: the generated CRDs and the seed example
 * are applied, then AdmissionReviews built from the stored objects are posted to the webhook the
 * way the API server would.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class WorkspaceWebhookTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SEED =
      Path.of("examples/fine-tuning/kaito_workspace_tuning_phi_3.yaml");
  private static final ResourceDefinitionContext WORKSPACES_V1ALPHA1 =
      new ResourceDefinitionContext.Builder()
          .withGroup("kaito.sh")
          .withVersion("v1alpha1")
          .withPlural("workspaces")
          .withKind("Workspace")
          .withNamespaced(true)
          .build();

  @Inject KubernetesClient client;

  private String namespace;

  @BeforeEach
  void applyCrdsAndNamespace() throws IOException {
    try (Stream<Path> crds = Files.list(Path.of("deploy/crds"))) {
      for (Path f : crds.sorted().toList()) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(f.toFile()).item();
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(crd)
            .createOr(c -> c.update());
      }
    }
    namespace = "webhook-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .endMetadata()
                .build())
        .create();
  }

  @AfterEach
  void cleanUp() {
    client.namespaces().withName(namespace).delete();
  }

  @Test
  void seedExampleAppliesButItsPlaceholderImageIsRejectedNamingTheField() throws IOException {
    GenericKubernetesResource stored = applySeed(Files.readString(SEED));
    assertThat(stored.getAdditionalProperties()).containsKeys("resource", "tuning");

    JsonNode response = post(review("CREATE", "v1alpha1", toJson(stored), null));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("code").asInt()).isEqualTo(400);
    assertThat(response.path("status").path("message").asText())
        .startsWith("validation failed: ")
        .contains(
            "Unable to parse output image reference: invalid reference format: repository name"
                + " (IMAGE_NAME_HERE) must be lowercase")
        .contains("tuning.output.image")
        .contains("tuning.output.imagePushSecret");
  }

  @Test
  void seedExampleWithRealValuesIsAccepted() throws IOException {
    GenericKubernetesResource stored = applySeed(seedWithRealValues());

    JsonNode response = post(review("CREATE", "v1alpha1", toJson(stored), null));

    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(response.path("uid").asText()).isNotBlank();
  }

  @Test
  void workspaceWithBothInferenceAndTuningIsRejected() throws IOException {
    ObjectNode ws = workspace("both");
    ws.putObject("inference").putObject("preset").put("name", "phi-4-mini-instruct");
    ws.set("tuning", JSON.readTree(toJson(applySeed(seedWithRealValues()))).path("tuning"));

    assertRejected(ws, "Either Inference or Tuning must be specified, but not both");
  }

  @Test
  void unsupportedInstanceTypeIsRejectedWithTheSupportedList() {
    ObjectNode ws = workspace("unknown-sku");
    ((ObjectNode) ws.path("resource")).put("instanceType", "p9.huge");
    ws.putObject("inference").putObject("preset").put("name", "phi-4-mini-instruct");

    assertRejected(
        ws, "Unsupported instance type p9.huge. Supported SKUs: [Standard_NV36ads_A10_v5");
  }

  @Test
  void deprecatedPresetIsRejected() {
    ObjectNode ws = workspace("old-model");
    ws.putObject("inference").putObject("preset").put("name", "phi-2");

    assertRejected(ws, "Model phi-2 is deprecated and no longer supported");
  }

  @Test
  void dataSourcePointingAtTheMetadataServiceIsRejected() throws IOException {
    ObjectNode ws = (ObjectNode) JSON.readTree(toJson(applySeed(seedWithRealValues())));
    ((ObjectNode) ws.path("tuning").path("input"))
        .putArray("urls")
        .add("http://169.254.169.254/metadata/identity/oauth2/token");

    assertRejected(
        ws, "data source URL must not target a loopback, private, or link-local address");
  }

  @Test
  void inferenceConfigIsReadFromTheClusterThroughTheClient() {
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("long-context")
                .endMetadata()
                .withData(Map.of("inference_config.yaml", "vllm:\n  max-model-len: 200000\n"))
                .build())
        .create();
    ObjectNode ws = workspace("too-long");
    ObjectNode inference = ws.putObject("inference");
    inference.putObject("preset").put("name", "phi-4-mini-instruct");
    inference.put("config", "long-context");

    assertRejected(
        ws,
        "max-model-len 200000 exceeds model's maximum supported context window 131072"
            + " (ModelTokenLimit)");

    inference.put("config", "missing-config");
    assertRejected(
        ws,
        "ConfigMap 'missing-config' specified in 'config' not found in namespace '"
            + namespace
            + "'");
  }

  @Test
  void updateChangingThePresetIsRejected() {
    ObjectNode old = workspace("update");
    old.putObject("inference").putObject("preset").put("name", "phi-4-mini-instruct");
    ObjectNode updated = old.deepCopy();
    ((ObjectNode) updated.path("inference").path("preset")).put("name", "phi-3-mini-4k-instruct");

    JsonNode response = post(review("UPDATE", "v1beta1", updated.toString(), old.toString()));

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .contains("field is immutable: inference.preset");
  }

  @Test
  void rejectionsAreCountedInTheMetrics() {
    ObjectNode ws = workspace("counted");
    ws.putObject("inference").putObject("preset").put("name", "no-such-model");
    assertRejected(ws, "Unsupported inference preset name no-such-model");

    String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .containsPattern(
            "kaito_webhook_admission_requests_total\\{allowed=\"false\",operation=\"CREATE\",version=\"v1beta1\"\\}"
                + " [1-9]");
  }

  private void assertRejected(ObjectNode ws, String expected) {
    JsonNode response = post(review("CREATE", "v1beta1", ws.toString(), null));
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isFalse();
    assertThat(response.path("status").path("message").asText()).contains(expected);
  }

  private ObjectNode workspace(String name) {
    ObjectNode ws = JSON.createObjectNode();
    ws.put("apiVersion", "kaito.sh/v1beta1");
    ws.put("kind", "Workspace");
    ws.putObject("metadata").put("name", name).put("namespace", namespace);
    ObjectNode resource = ws.putObject("resource");
    resource.put("instanceType", "Standard_NC24ads_A100_v4");
    resource.putObject("labelSelector").putObject("matchLabels").put("app", name);
    return ws;
  }

  private GenericKubernetesResource applySeed(String yaml) {
    GenericKubernetesResource ws = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    ws.getMetadata().setNamespace(namespace);
    return client
        .genericKubernetesResources(WORKSPACES_V1ALPHA1)
        .inNamespace(namespace)
        .resource(ws)
        .create();
  }

  private static String seedWithRealValues() throws IOException {
    return Files.readString(SEED)
        .replace(
            "ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1",
            "myregistry.azurecr.io/phi-3-adapter:0.0.1")
        .replace("ACR_REGISTRY_SECRET_HERE", "acr-push-secret");
  }

  private static String toJson(GenericKubernetesResource r) {
    return Serialization.asJson(r);
  }

  private String review(String operation, String version, String object, String oldObject) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request
        .putObject("kind")
        .put("group", "kaito.sh")
        .put("version", version)
        .put("kind", "Workspace");
    request
        .putObject("resource")
        .put("group", "kaito.sh")
        .put("version", version)
        .put("resource", "workspaces");
    request.put("namespace", namespace);
    request.put("operation", operation);
    try {
      request.set("object", JSON.readTree(object));
      if (oldObject != null) {
        request.set("oldObject", JSON.readTree(oldObject));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    return review.toString();
  }

  private static JsonNode post(String review) {
    String body =
        given()
            .contentType(ContentType.JSON)
            .body(review)
            .when()
            .post(WorkspaceWebhook.PATH)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    try {
      JsonNode envelope = JSON.readTree(body);
      assertThat(envelope.path("kind").asText()).isEqualTo("AdmissionReview");
      return envelope.path("response");
    } catch (IOException e) {
      throw new AssertionError("response is not JSON: " + body, e);
    }
  }
}
