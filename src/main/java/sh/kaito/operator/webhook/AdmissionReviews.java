package sh.kaito.operator.webhook;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.validation.ValidationResult;
import sh.kaito.operator.validation.WorkspaceValidator;

/**
 * Turns an {@code admission.k8s.io/v1} AdmissionReview for a Workspace (either API version) into
 * the review's response, by running the validator. The response message has the shape of KAITO's
 * knative webhook: {@code validation failed: <errors>}.
 */
public final class AdmissionReviews {
  static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private AdmissionReviews() {}

  /** The outcome of one review, for metrics. */
  public record Outcome(JsonNode response, String operation, String version, boolean allowed) {}

  public static Outcome review(
      JsonNode review, WorkspaceValidator validator, ClusterLookup cluster) {
    JsonNode request = review.path("request");
    String uid = request.path("uid").asText("");
    String operation = request.path("operation").asText("");
    String version = request.path("kind").path("version").asText("");
    if (!request.path("kind").path("group").asText("").equals(KaitoApi.GROUP)
        || !request.path("kind").path("kind").asText("").equals("Workspace")) {
      return new Outcome(
          allow(uid, null), operation, version, true); // not ours: never block other kinds
    }
    boolean v1alpha1 = version.equals("v1alpha1");
    ValidationResult result;
    try {
      Workspace ws = JSON.treeToValue(request.path("object"), Workspace.class);
      fillNamespace(ws, request);
      switch (operation) {
        case "CREATE" -> result = validator.validateCreate(ws, v1alpha1, cluster);
        case "UPDATE" -> {
          Workspace old = JSON.treeToValue(request.path("oldObject"), Workspace.class);
          fillNamespace(old, request);
          result = validator.validateUpdate(ws, old, v1alpha1, cluster);
        }
        default -> {
          return new Outcome(allow(uid, null), operation, version, true);
        }
      }
    } catch (Exception e) {
      return new Outcome(
          deny(uid, 400, "validation failed: cannot read the Workspace: " + e.getMessage(), null),
          operation,
          version,
          false);
    }
    ArrayNode warnings = JsonNodeFactory.instance.arrayNode();
    result.warnings().forEach(warnings::add);
    if (result.isValid()) {
      return new Outcome(allow(uid, warnings), operation, version, true);
    }
    return new Outcome(
        deny(uid, 400, "validation failed: " + result.message(), warnings),
        operation,
        version,
        false);
  }

  private static void fillNamespace(Workspace ws, JsonNode request) {
    if (ws.getMetadata() != null && ws.getMetadata().getNamespace() == null) {
      ws.getMetadata().setNamespace(request.path("namespace").asText("default"));
    }
  }

  private static ObjectNode envelope(ObjectNode response) {
    ObjectNode review = JsonNodeFactory.instance.objectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    review.set("response", response);
    return review;
  }

  static ObjectNode allow(String uid, ArrayNode warnings) {
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("uid", uid);
    response.put("allowed", true);
    if (warnings != null && !warnings.isEmpty()) {
      response.set("warnings", warnings);
    }
    return envelope(response);
  }

  static ObjectNode deny(String uid, int code, String message, ArrayNode warnings) {
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("uid", uid);
    response.put("allowed", false);
    ObjectNode status = response.putObject("status");
    status.put("code", code);
    status.put("reason", "BadRequest");
    status.put("message", message);
    if (warnings != null && !warnings.isEmpty()) {
      response.set("warnings", warnings);
    }
    return envelope(response);
  }
}
