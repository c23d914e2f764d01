package sh.kaito.operator.deploy;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import sh.kaito.operator.config.Defaults;
import sh.kaito.operator.manifests.RuntimeImages;

/**
 * What the ClusterServiceVersion says about the owned CRDs (descriptors, the objects each one
 * creates) and the images the operator runs ({@code relatedImages}, for mirroring).
 *
 * <p>A descriptor's path is relative to {@code .spec} or {@code .status}. A Workspace has no spec
 * (its resource, inference and tuning fields sit at the top level, as in KAITO), so it has status
 * descriptors only: the console cannot address top-level fields. A descriptor is written for a
 * version only when that version's schema has the field (v1alpha1 has no {@code status.state}).
 */
final class CsvContent {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  static final String CONDITIONS = "urn:alm:descriptor:io.kubernetes.conditions";
  static final String PHASE = "urn:alm:descriptor:io.kubernetes.phase";
  static final String TEXT = "urn:alm:descriptor:text";
  static final String NODE = "urn:alm:descriptor:io.kubernetes:Node";

  /** One descriptor: a field path, its display name and description, and its x-descriptors. */
  record Descriptor(String path, String displayName, String description, String... x) {}

  static final List<Descriptor> WORKSPACE_STATUS =
      List.of(
          new Descriptor(
              "conditions",
              "Conditions",
              "ResourceReady, InferenceReady, JobStarted, WorkspaceSucceeded",
              CONDITIONS),
          new Descriptor(
              "state", "State", "Pending, Running, Ready, NotReady, Succeeded or Failed", PHASE),
          new Descriptor("workerNodes", "Worker nodes", "The nodes that run the workload"),
          new Descriptor(
              "targetNodeCount",
              "Target node count",
              "How many nodes the workload needs (sized once, at creation)",
              TEXT));

  static final List<Descriptor> MACHINE_SPEC =
      List.of(
          new Descriptor(
              "instanceType", "Instance type", "The GPU instance type (SKU) of the node", TEXT),
          new Descriptor(
              "imageFamily",
              "Image family",
              "The node OS image family (ubuntu or azurelinux)",
              TEXT),
          new Descriptor("storage", "OS disk size", "The node's OS disk size", TEXT));

  static final List<Descriptor> MACHINE_STATUS =
      List.of(
          new Descriptor(
              "conditions", "Conditions", "Launched, Registered, Initialized, Ready", CONDITIONS),
          new Descriptor("nodeName", "Node", "The Node that joined for this Machine", NODE),
          new Descriptor("providerID", "Provider ID", "The cloud's ID of the node", TEXT),
          new Descriptor(
              "cloudResource.provisioningState",
              "Provisioning state",
              "The cloud resource's provisioning state (e.g. the AKS agent pool's)",
              TEXT));

  private CsvContent() {}

  /**
   * The owned CRDs: one entry per served version, with its descriptors and the kinds it creates.
   */
  static ArrayNode ownedCrds(List<JsonNode> crds) {
    ArrayNode owned = F.arrayNode();
    for (JsonNode crd : crds) {
      String kind = crd.path("spec").path("names").path("kind").asText();
      boolean workspace = kind.equals("Workspace");
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (!v.path("served").asBoolean(true)) {
          continue;
        }
        JsonNode schema = v.path("schema").path("openAPIV3Schema");
        ObjectNode o = owned.addObject();
        o.put("name", Manifests.name(crd));
        o.put("version", v.path("name").asText());
        o.put("kind", kind);
        o.put("displayName", kind);
        o.put(
            "description",
            workspace
                ? "A model to serve or fine-tune, and the GPU nodes to run it on."
                : "One GPU node, provisioned through the cloud provider for a Workspace.");
        ArrayNode resources = o.putArray("resources");
        if (workspace) {
          resource(resources, "StatefulSet", "statefulsets", "v1");
          resource(resources, "Service", "services", "v1");
          resource(resources, "Job", "jobs", "v1");
          resource(resources, "ConfigMap", "configmaps", "v1");
          resource(resources, "ControllerRevision", "controllerrevisions", "v1");
          resource(resources, "Machine", "machines", "v1alpha1");
        } else {
          resource(resources, "Node", "nodes", "v1");
        }
        if (!workspace) {
          descriptors(o, "specDescriptors", MACHINE_SPEC, schema.path("properties").path("spec"));
        }
        descriptors(
            o,
            "statusDescriptors",
            workspace ? WORKSPACE_STATUS : MACHINE_STATUS,
            schema.path("properties").path("status"));
      }
    }
    return owned;
  }

  private static void resource(ArrayNode resources, String kind, String name, String version) {
    resources.addObject().put("kind", kind).put("name", name).put("version", version);
  }

  private static void descriptors(
      ObjectNode owned, String field, List<Descriptor> descriptors, JsonNode schema) {
    ArrayNode list = owned.putArray(field);
    for (Descriptor d : descriptors) {
      if (!hasPath(schema, d.path())) {
        continue;
      }
      ObjectNode o =
          list.addObject()
              .put("path", d.path())
              .put("displayName", d.displayName())
              .put("description", d.description());
      if (d.x().length > 0) {
        ArrayNode x = o.putArray("x-descriptors");
        for (String s : d.x()) {
          x.add(s);
        }
      }
    }
  }

  /** Whether an object schema has the dot-separated property path. */
  static boolean hasPath(JsonNode schema, String path) {
    JsonNode s = schema;
    for (String p : path.split("\\.")) {
      s = s.path("properties").path(p);
      if (s.isMissingNode()) {
        return false;
      }
    }
    return true;
  }

  /** The operator's image and the images its workloads run by default. */
  static ArrayNode relatedImages(String operatorImage) {
    RuntimeImages images =
        RuntimeImages.defaults(Defaults.PRESET_REGISTRY, Defaults.BASE_IMAGE_TAG);
    ArrayNode related = F.arrayNode();
    related.addObject().put("name", "kaito-operator").put("image", operatorImage);
    related.addObject().put("name", "kaito-base").put("image", images.baseImage());
    related.addObject().put("name", "oras").put("image", images.oras());
    related.addObject().put("name", "curl").put("image", images.curl());
    related.addObject().put("name", "skopeo").put("image", images.skopeo());
    related.addObject().put("name", "pusher").put("image", images.pusher());
    return related;
  }

  /** A v1alpha1 Workspace for alm-examples: the older API version, still served. */
  static ObjectNode v1alpha1Example() {
    ObjectNode ws = F.objectNode();
    ws.put("apiVersion", "kaito.sh/v1alpha1");
    ws.put("kind", "Workspace");
    ws.putObject("metadata").put("name", "workspace-falcon-7b");
    ObjectNode resource = ws.putObject("resource");
    resource.put("instanceType", "Standard_NC12s_v3");
    resource.putObject("labelSelector").putObject("matchLabels").put("apps", "falcon-7b");
    ws.putObject("inference").putObject("preset").put("name", "falcon-7b");
    return ws;
  }
}
