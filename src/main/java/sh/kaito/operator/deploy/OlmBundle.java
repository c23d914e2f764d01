package sh.kaito.operator.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the OLM bundle (registry+v1 format): a ClusterServiceVersion built from the generated
 * Deployment, RBAC and webhook configuration, the CRDs, {@code metadata/annotations.yaml} and
 * {@code bundle.Dockerfile}. QOSDK's bundle generator does not resolve for our Quarkus version.
 */
final class OlmBundle {
  static final String PACKAGE = "kaito-operator";
  static final String CHANNEL = "alpha";
  static final String OLM_CERT_DIR = "/tmp/k8s-webhook-server/serving-certs";

  /**
   * Roles the bundle leaves out: under OLM the operator runs with {@code
   * kaito.webhook.certificates=files}, so it neither keeps a certificate Secret nor touches the
   * webhook configuration (OLM owns both).
   */
  static final Set<String> NOT_UNDER_OLM =
      Set.of("kaito-operator-webhook-configuration", "kaito-operator-webhook-certificate");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OlmBundle() {}

  static void write(Path olm, String version, List<JsonNode> crds, List<JsonNode> operator)
      throws IOException {
    Path bundle = olm.resolve(PACKAGE).resolve(version);
    Path manifests = bundle.resolve("manifests");
    ObjectNode csv = Csv.build(version, crds, operator, examples());
    Manifests.write(
        manifests.resolve(PACKAGE + ".clusterserviceversion.yaml"),
        DeployAssembler.HEADER,
        List.of(csv));
    for (JsonNode crd : crds) {
      Manifests.write(
          manifests.resolve(Manifests.name(crd) + ".crd.yaml"),
          DeployAssembler.HEADER,
          List.of(crd));
    }
    ObjectNode annotations = F.objectNode();
    ObjectNode a = annotations.putObject("annotations");
    a.put("operators.operatorframework.io.bundle.mediatype.v1", "registry+v1");
    a.put("operators.operatorframework.io.bundle.manifests.v1", "manifests/");
    a.put("operators.operatorframework.io.bundle.metadata.v1", "metadata/");
    a.put("operators.operatorframework.io.bundle.package.v1", PACKAGE);
    a.put("operators.operatorframework.io.bundle.channels.v1", CHANNEL);
    a.put("operators.operatorframework.io.bundle.channel.default.v1", CHANNEL);
    Manifests.write(
        bundle.resolve("metadata").resolve("annotations.yaml"),
        DeployAssembler.HEADER,
        List.of(annotations));
    StringBuilder docker = new StringBuilder(DeployAssembler.HEADER).append("FROM scratch\n");
    a.fields()
        .forEachRemaining(
            e ->
                docker
                    .append("LABEL ")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue().asText())
                    .append('\n'));
    docker.append("COPY manifests /manifests/\nCOPY metadata /metadata/\n");
    Files.writeString(bundle.resolve("bundle.Dockerfile"), docker.toString());
  }

  /**
   * The example Workspaces offered in the console ({@code alm-examples}): one per workload kind,
   * and one of the older API version.
   */
  static ArrayNode examples() {
    ArrayNode examples = F.arrayNode();
    ObjectNode inference = workspace("workspace-phi-4-mini", "phi-4-mini-instruct");
    inference.with("resource").put("instanceType", "Standard_NC24ads_A100_v4");
    inference.putObject("inference").putObject("preset").put("name", "phi-4-mini-instruct");
    examples.add(inference);
    ObjectNode tuning = workspace("workspace-tuning-phi-3", "tuning-phi-3");
    tuning.with("resource").put("instanceType", "Standard_NC6s_v3");
    ObjectNode t = tuning.putObject("tuning");
    t.putObject("preset").put("name", "phi-3-mini-128k-instruct");
    t.put("method", "qlora");
    t.putObject("input")
        .putArray("urls")
        .add(
            "https://huggingface.co/datasets/philschmid/dolly-15k-oai-style/resolve/main/data/train-00000-of-00001-54e3756291ca09c6.parquet?download=true");
    t.putObject("output")
        .put("image", "myregistry.azurecr.io/phi-3-adapter:0.0.1")
        .put("imagePushSecret", "acr-push-secret");
    examples.add(tuning);
    examples.add(CsvContent.v1alpha1Example());
    return examples;
  }

  private static ObjectNode workspace(String name, String app) {
    ObjectNode ws = F.objectNode();
    ws.put("apiVersion", "kaito.sh/v1beta1");
    ws.put("kind", "Workspace");
    ws.putObject("metadata").put("name", name);
    ws.putObject("resource").putObject("labelSelector").putObject("matchLabels").put("app", app);
    return ws;
  }

  /** The ClusterServiceVersion. */
  static final class Csv {
    private Csv() {}

    static ObjectNode build(
        String version, List<JsonNode> crds, List<JsonNode> operator, ArrayNode examples)
        throws IOException {
      JsonNode deployment = find(operator, "Deployment");
      JsonNode webhook = find(operator, "ValidatingWebhookConfiguration");
      String image = Manifests.image(deployment);

      ObjectNode csv = F.objectNode();
      csv.put("apiVersion", "operators.coreos.com/v1alpha1");
      csv.put("kind", "ClusterServiceVersion");
      ObjectNode meta = csv.putObject("metadata");
      meta.put("name", PACKAGE + ".v" + version);
      ObjectNode ann = meta.putObject("annotations");
      ann.put("alm-examples", json(examples));
      ann.put("capabilities", "Basic Install");
      ann.put("categories", "AI/Machine Learning");
      ann.put("containerImage", image);
      ann.put(
          "description",
          "Runs AI inference and fine-tuning on GPU nodes it provisions: KAITO's Workspace API in"
              + " Java.");
      ann.put("repository", "https://github.com/kaito-java/kaito-operator");
      ann.put("support", "kaito-java maintainers");
      ann.put("operatorframework.io/suggested-namespace", "kaito-system");
      // Machines are created by the operator, never by users: the console hides them.
      ann.put("operators.operatorframework.io/internal-objects", "[\"machines.kaito.sh\"]");

      ObjectNode spec = csv.putObject("spec");
      spec.put("displayName", "KAITO Operator (Java)");
      spec.put("description", DESCRIPTION);
      spec.put("version", version);
      spec.put("maturity", "alpha");
      spec.put("minKubeVersion", "1.28.0");
      ArrayNode keywords = spec.putArray("keywords");
      for (String k :
          List.of("ai", "llm", "inference", "fine-tuning", "lora", "gpu", "kaito", "vllm", "aks")) {
        keywords.add(k);
      }
      spec.putArray("maintainers")
          .addObject()
          .put("name", "kaito-java maintainers")
          .put("email", "maintainers@kaito-java.dev");
      spec.putObject("provider").put("name", "kaito-java");
      ArrayNode links = spec.putArray("links");
      links
          .addObject()
          .put("name", "Source")
          .put("url", "https://github.com/kaito-java/kaito-operator");
      links
          .addObject()
          .put("name", "Upstream KAITO")
          .put("url", "https://github.com/kaito-project/kaito");
      spec.putArray("icon").addObject().put("base64data", ICON).put("mediatype", "image/svg+xml");
      ArrayNode modes = spec.putArray("installModes");
      modes.addObject().put("type", "OwnNamespace").put("supported", false);
      modes.addObject().put("type", "SingleNamespace").put("supported", false);
      modes.addObject().put("type", "MultiNamespace").put("supported", false);
      modes.addObject().put("type", "AllNamespaces").put("supported", true);
      spec.putObject("customresourcedefinitions").set("owned", CsvContent.ownedCrds(crds));
      spec.set("relatedImages", CsvContent.relatedImages(image));

      ObjectNode install = spec.putObject("install");
      install.put("strategy", "deployment");
      ObjectNode installSpec = install.putObject("spec");
      installSpec.set("clusterPermissions", clusterPermissions(operator));
      installSpec.set("permissions", permissions(operator));
      ObjectNode d = installSpec.putArray("deployments").addObject();
      d.put("name", Manifests.name(deployment));
      d.set("label", deployment.path("metadata").path("labels").deepCopy());
      d.set("spec", olmDeploymentSpec(deployment));
      spec.set("webhookdefinitions", webhookDefinitions(webhook, deployment));
      return csv;
    }

    private static String json(JsonNode node) throws IOException {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(node);
    }

    static JsonNode find(List<JsonNode> docs, String kind) {
      return docs.stream()
          .filter(d -> Manifests.kind(d).equals(kind))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no " + kind + " in the generated manifests"));
    }

    /** The rules of every ClusterRole bound to the operator's ServiceAccount. */
    static ArrayNode clusterPermissions(List<JsonNode> operator) {
      return rulesBoundToServiceAccount(operator, "ClusterRoleBinding", "ClusterRole");
    }

    /**
     * The rules of every (namespaced) Role bound to the operator's ServiceAccount; OLM grants them
     * in the namespace the operator is installed in.
     */
    static ArrayNode permissions(List<JsonNode> operator) {
      return rulesBoundToServiceAccount(operator, "RoleBinding", "Role");
    }

    /**
     * One CSV permission entry for the operator's ServiceAccount: the rules of the roles of {@code
     * roleKind} that bindings of {@code bindingKind} grant it, except those OLM takes care of.
     */
    private static ArrayNode rulesBoundToServiceAccount(
        List<JsonNode> operator, String bindingKind, String roleKind) {
      String serviceAccount = Manifests.name(find(operator, "ServiceAccount"));
      List<String> roles = new ArrayList<>();
      for (JsonNode doc : operator) {
        if (Manifests.kind(doc).equals(bindingKind)
            && doc.path("roleRef").path("kind").asText().equals(roleKind)) {
          for (JsonNode subject : doc.path("subjects")) {
            if (subject.path("name").asText().equals(serviceAccount)) {
              roles.add(doc.path("roleRef").path("name").asText());
            }
          }
        }
      }
      ArrayNode rules = F.arrayNode();
      for (JsonNode doc : operator) {
        if (Manifests.kind(doc).equals(roleKind)
            && roles.contains(Manifests.name(doc))
            && !NOT_UNDER_OLM.contains(Manifests.name(doc))) {
          doc.path("rules").forEach(rules::add);
        }
      }
      ArrayNode permissions = F.arrayNode();
      permissions.addObject().put("serviceAccountName", serviceAccount).set("rules", rules);
      return permissions;
    }

    /**
     * The Deployment spec for OLM: OLM mounts the webhook's serving certificate itself (at {@value
     * OLM_CERT_DIR}, inside the {@code /tmp} emptyDir) and keeps the caBundle, so the operator runs
     * with {@code kaito.webhook.certificates=files} and Quarkus reads OLM's files.
     */
    static JsonNode olmDeploymentSpec(JsonNode deployment) {
      ObjectNode spec = (ObjectNode) deployment.path("spec").deepCopy();
      ObjectNode pod = (ObjectNode) spec.path("template").path("spec");
      ObjectNode container = (ObjectNode) pod.path("containers").path(0);
      ArrayNode env = container.withArray("env");
      env.addObject().put("name", "KAITO_WEBHOOK_CERTIFICATES").put("value", "files");
      env.addObject()
          .put("name", "QUARKUS_HTTP_SSL_CERTIFICATE_FILES")
          .put("value", OLM_CERT_DIR + "/tls.crt");
      env.addObject()
          .put("name", "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES")
          .put("value", OLM_CERT_DIR + "/tls.key");
      return spec;
    }

    static ArrayNode webhookDefinitions(JsonNode webhookConfiguration, JsonNode deployment) {
      ArrayNode defs = F.arrayNode();
      for (JsonNode w : webhookConfiguration.path("webhooks")) {
        ObjectNode d = defs.addObject();
        d.put("type", "ValidatingAdmissionWebhook");
        d.put("generateName", w.path("name").asText());
        d.put("deploymentName", Manifests.name(deployment));
        d.put("containerPort", 443);
        d.put("targetPort", 8443);
        d.put("webhookPath", w.path("clientConfig").path("service").path("path").asText());
        d.set("admissionReviewVersions", w.path("admissionReviewVersions").deepCopy());
        d.put("sideEffects", w.path("sideEffects").asText());
        d.put("failurePolicy", w.path("failurePolicy").asText());
        d.put("timeoutSeconds", w.path("timeoutSeconds").asInt());
        d.set("rules", w.path("rules").deepCopy());
      }
      return defs;
    }
  }

  static final String DESCRIPTION =
      """
      KAITO, the Kubernetes AI Toolchain Operator, in Java. Apply a **Workspace** and the operator
      provisions GPU nodes (one AKS agent pool per node), then serves the model with vLLM or
      transformers, or runs a LoRA/QLoRA fine-tuning job and pushes the adapter image.

      * Workspace API compatible with KAITO (`kaito.sh/v1alpha1` and `v1beta1`), with its admission
        rules and messages.
      * Model presets and GPU instance types as data, with sizing that explains itself.
      * Health (`/q/health`), Prometheus metrics (`/q/metrics`), Kubernetes Events.

      Prerequisite: the webhook's serving certificate is provided by OLM.
      """;

  /** A small icon: a GPU chip with the letter K. */
  static final String ICON =
      Base64.getEncoder()
          .encodeToString(
              ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\"><rect x=\"10\""
                   + " y=\"10\" width=\"44\" height=\"44\" rx=\"6\" fill=\"#2b6cb0\"/><path d=\"M4"
                   + " 20h6M4 32h6M4 44h6M54 20h6M54 32h6M54 44h6M20 4v6M32 4v6M44 4v6M20 54v6M32"
                   + " 54v6M44 54v6\" stroke=\"#2b6cb0\" stroke-width=\"3\"/><path d=\"M24 20v24M24"
                   + " 32l14-12M24 32l14 12\" stroke=\"#fff\" stroke-width=\"5\" fill=\"none\""
                   + " stroke-linecap=\"round\"/></svg>")
                  .getBytes(StandardCharsets.UTF_8));
}
