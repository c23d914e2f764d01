package sh.kaito.operator.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.common.StaticClusterLookup;
import sh.kaito.operator.config.Defaults;
import sh.kaito.operator.manifests.RuntimeImages;
import sh.kaito.operator.validation.ValidationResult;
import sh.kaito.operator.validation.ValidationSettings;
import sh.kaito.operator.validation.WorkspaceValidator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OLM bundle (registry+v1) meets the structural requirements a bundle must pass, the ones
 * {@code operator-sdk bundle validate} checks and a few more: a complete ClusterServiceVersion, the
 * owned CRDs present with their versions and kinds, consistent annotations and Dockerfile labels,
 * examples the admission webhook accepts, and an install strategy that is the operator's own
 * Deployment and RBAC.
 */
class OlmBundleIT {
  private static final Path OLM =
      Path.of(System.getProperty("kaito.generated.deploy.dir", "target/deploy"))
          .resolve("olm")
          .resolve(OlmBundle.PACKAGE);
  private static final Path DEPLOY =
      Path.of(System.getProperty("kaito.generated.deploy.dir", "target/deploy"));
  private static final String SEMVER =
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?$";

  /** The capability levels and OperatorHub categories a CSV may declare. */
  private static final Set<String> CAPABILITIES =
      Set.of("Basic Install", "Seamless Upgrades", "Full Lifecycle", "Deep Insights", "Auto Pilot");

  private static final Set<String> CATEGORIES =
      Set.of(
          "AI/Machine Learning",
          "Application Runtime",
          "Big Data",
          "Cloud Provider",
          "Database",
          "Developer Tools",
          "Drivers and plugins",
          "Integration & Delivery",
          "Logging & Tracing",
          "Modernization & Migration",
          "Monitoring",
          "Networking",
          "OpenShift Optional",
          "Security",
          "Storage",
          "Streaming & Messaging");

  /** What the bundle's Deployment adds to the operator's (docs/install.md, "OLM"). */
  private static final Set<String> OLM_ENV =
      Set.of(
          "KAITO_WEBHOOK_CERTIFICATES",
          "QUARKUS_HTTP_SSL_CERTIFICATE_FILES",
          "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES");

  private static String version() throws IOException {
    try (Stream<Path> dirs = Files.list(OLM)) {
      List<String> versions = dirs.map(d -> d.getFileName().toString()).toList();
      assertThat(versions).as("bundle versions under " + OLM).hasSize(1);
      return versions.get(0);
    }
  }

  private static Path bundle() throws IOException {
    return OLM.resolve(version());
  }

  private static JsonNode csv() throws IOException {
    List<JsonNode> docs =
        Manifests.read(
            bundle()
                .resolve("manifests")
                .resolve(OlmBundle.PACKAGE + ".clusterserviceversion.yaml"));
    assertThat(docs).hasSize(1);
    return docs.get(0);
  }

  private static List<JsonNode> operatorYaml() throws IOException {
    return Manifests.read(DEPLOY.resolve("operator.yaml"));
  }

  @Test
  void csvHasEveryRequiredAndRecommendedField() throws IOException {
    String version = version();
    assertThat(version).matches(SEMVER);
    JsonNode csv = csv();
    assertThat(csv.path("apiVersion").asText()).isEqualTo("operators.coreos.com/v1alpha1");
    assertThat(csv.path("kind").asText()).isEqualTo("ClusterServiceVersion");
    assertThat(csv.path("metadata").path("name").asText())
        .isEqualTo(OlmBundle.PACKAGE + ".v" + version);

    JsonNode spec = csv.path("spec");
    assertThat(spec.path("version").asText()).isEqualTo(version);
    for (String field : List.of("displayName", "description", "maturity")) {
      assertThat(spec.path(field).asText()).as("spec." + field).isNotBlank();
    }
    assertThat(spec.path("minKubeVersion").asText()).matches(SEMVER);
    assertThat(spec.path("provider").path("name").asText()).isNotBlank();
    assertThat(spec.path("keywords").size()).isPositive();
    assertThat(spec.path("maintainers").size()).isPositive();
    for (JsonNode m : spec.path("maintainers")) {
      assertThat(m.path("name").asText()).isNotBlank();
      assertThat(m.path("email").asText()).matches("[^@\\s]+@[^@\\s]+\\.[a-z]+");
    }
    assertThat(spec.path("links").size()).isPositive();
    for (JsonNode l : spec.path("links")) {
      assertThat(l.path("name").asText()).isNotBlank();
      assertThat(l.path("url").asText()).startsWith("https://");
    }
    JsonNode icon = spec.path("icon").path(0);
    assertThat(icon.path("mediatype").asText()).isEqualTo("image/svg+xml");
    assertThat(
            new String(
                Base64.getDecoder().decode(icon.path("base64data").asText()),
                StandardCharsets.UTF_8))
        .startsWith("<svg")
        .endsWith("</svg>");

    JsonNode annotations = csv.path("metadata").path("annotations");
    assertThat(CAPABILITIES).contains(annotations.path("capabilities").asText());
    for (String category : annotations.path("categories").asText().split(",")) {
      assertThat(CATEGORIES).contains(category.strip());
    }
    assertThat(annotations.path("description").asText()).isNotBlank();
    assertThat(annotations.path("containerImage").asText())
        .isEqualTo(Manifests.image(find(operatorYaml(), "Deployment")));
    assertThat(annotations.path("operatorframework.io/suggested-namespace").asText())
        .isEqualTo(find(operatorYaml(), "Namespace").path("metadata").path("name").asText());

    // A bundle with webhooks installs in AllNamespaces mode only.
    Map<String, Boolean> modes = new LinkedHashMap<>();
    spec.path("installModes")
        .forEach(m -> modes.put(m.path("type").asText(), m.path("supported").asBoolean()));
    assertThat(modes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "OwnNamespace", false,
                "SingleNamespace", false,
                "MultiNamespace", false,
                "AllNamespaces", true));
    assertThat(spec.path("install").path("strategy").asText()).isEqualTo("deployment");
  }

  @Test
  void everyOwnedCrdIsInTheBundleAndEveryBundledCrdIsOwned() throws IOException {
    Map<String, JsonNode> bundled = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(bundle().resolve("manifests"))) {
      for (Path f : files.sorted().toList()) {
        for (JsonNode doc : Manifests.read(f)) {
          if (Manifests.kind(doc).equals("CustomResourceDefinition")) {
            bundled.put(Manifests.name(doc), doc);
            assertThat(f.getFileName().toString()).isEqualTo(Manifests.name(doc) + ".crd.yaml");
          } else {
            assertThat(Manifests.kind(doc)).isEqualTo("ClusterServiceVersion");
          }
        }
      }
    }
    assertThat(bundled.keySet())
        .as("the bundle's CRDs are deploy/crds")
        .containsExactlyInAnyOrderElementsOf(
            fileNames(DEPLOY.resolve("crds")).stream().map(n -> n.replace(".yaml", "")).toList());

    Set<String> owned = new TreeSet<>();
    for (JsonNode o : csv().path("spec").path("customresourcedefinitions").path("owned")) {
      String name = o.path("name").asText();
      String version = o.path("version").asText();
      JsonNode crd = bundled.get(name);
      assertThat(crd).as("owned CRD " + name + " in manifests/").isNotNull();
      assertThat(o.path("kind").asText())
          .isEqualTo(crd.path("spec").path("names").path("kind").asText());
      assertThat(servedVersions(crd)).as(name).contains(version);
      assertThat(o.path("displayName").asText()).isNotBlank();
      assertThat(o.path("description").asText()).isNotBlank();
      assertThat(owned.add(name + "/" + version))
          .as("owned once: " + name + "/" + version)
          .isTrue();
    }
    Set<String> expected = new TreeSet<>();
    bundled.forEach((name, crd) -> servedVersions(crd).forEach(v -> expected.add(name + "/" + v)));
    assertThat(owned).as("every served version of every bundled CRD is owned").isEqualTo(expected);

    JsonNode internal =
        Manifests.READER.readTree(
            csv()
                .path("metadata")
                .path("annotations")
                .path("operators.operatorframework.io/internal-objects")
                .asText());
    internal.forEach(n -> assertThat(bundled).containsKey(n.asText()));
  }

  @Test
  void descriptorsNameFieldsThatExistInTheirVersionsSchema() throws IOException {
    Map<String, List<String>> status = new LinkedHashMap<>();
    Map<String, List<String>> spec = new LinkedHashMap<>();
    for (JsonNode o : csv().path("spec").path("customresourcedefinitions").path("owned")) {
      String key = o.path("kind").asText() + "/" + o.path("version").asText();
      JsonNode crd =
          Manifests.read(
                  bundle().resolve("manifests").resolve(o.path("name").asText() + ".crd.yaml"))
              .get(0);
      JsonNode schema = versionSchema(crd, o.path("version").asText()).path("properties");
      for (String type : List.of("spec", "status")) {
        List<String> paths = new ArrayList<>();
        for (JsonNode d : o.path(type + "Descriptors")) {
          String path = d.path("path").asText();
          assertThat(CsvContent.hasPath(schema.path(type), path))
              .as(key + " " + type + "Descriptor " + path + " is a field of ." + type)
              .isTrue();
          assertThat(d.path("displayName").asText()).isNotBlank();
          paths.add(path);
        }
        (type.equals("spec") ? spec : status).put(key, paths);
      }
      for (JsonNode r : o.path("resources")) {
        assertThat(r.path("kind").asText()).isNotBlank();
        assertThat(r.path("version").asText()).isNotBlank();
      }
    }
    assertThat(status.get("Workspace/v1beta1"))
        .contains("conditions", "state", "workerNodes", "targetNodeCount");
    assertThat(status.get("Workspace/v1alpha1")).contains("conditions", "workerNodes");
    assertThat(spec.get("Machine/v1alpha1")).contains("instanceType");
    assertThat(status.get("Machine/v1alpha1")).contains("conditions", "nodeName", "providerID");
    // A Workspace keeps its fields at the top level, which spec descriptors cannot address.
    assertThat(spec.get("Workspace/v1beta1")).isEmpty();
    JsonNode workspaceCrd = Manifests.read(DEPLOY.resolve("crds/workspaces.kaito.sh.yaml")).get(0);
    assertThat(versionSchema(workspaceCrd, "v1beta1").path("properties").has("spec")).isFalse();
  }

  @Test
  void annotationsAndDockerfileLabelsDescribeTheSameBundle() throws IOException {
    Path bundle = bundle();
    assertThat(fileNames(bundle)).containsExactly("bundle.Dockerfile", "manifests", "metadata");
    assertThat(fileNames(bundle.resolve("metadata"))).containsExactly("annotations.yaml");
    JsonNode annotations =
        Manifests.read(bundle.resolve("metadata/annotations.yaml")).get(0).path("annotations");
    Map<String, String> a = new LinkedHashMap<>();
    annotations.fields().forEachRemaining(e -> a.put(e.getKey(), e.getValue().asText()));
    String prefix = "operators.operatorframework.io.bundle.";
    assertThat(a)
        .containsEntry(prefix + "mediatype.v1", "registry+v1")
        .containsEntry(prefix + "manifests.v1", "manifests/")
        .containsEntry(prefix + "metadata.v1", "metadata/")
        .containsEntry(prefix + "package.v1", OlmBundle.PACKAGE)
        .containsKeys(prefix + "channels.v1", prefix + "channel.default.v1");
    assertThat(List.of(a.get(prefix + "channels.v1").split(",")))
        .contains(a.get(prefix + "channel.default.v1"));

    List<String> lines =
        Files.readAllLines(bundle.resolve("bundle.Dockerfile")).stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .toList();
    assertThat(lines.get(0)).isEqualTo("FROM scratch");
    Map<String, String> labels = new LinkedHashMap<>();
    for (String l : lines) {
      if (l.startsWith("LABEL ")) {
        String[] kv = l.substring("LABEL ".length()).split("=", 2);
        labels.put(kv[0], kv[1]);
      }
    }
    assertThat(labels).isEqualTo(a);
    assertThat(lines).contains("COPY manifests /manifests/", "COPY metadata /metadata/");
  }

  @Test
  void almExamplesAreWorkspacesTheAdmissionWebhookAccepts() throws IOException {
    JsonNode examples =
        Manifests.READER.readTree(
            csv().path("metadata").path("annotations").path("alm-examples").asText());
    assertThat(examples.isArray()).isTrue();
    WorkspaceValidator validator =
        new WorkspaceValidator(
            ModelCatalog.load(),
            InstanceTypeCatalog.load(),
            ValidationSettings.defaults(ProvisioningMode.MACHINE));
    ObjectMapper strict =
        JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    Set<String> versions = new TreeSet<>();
    Set<String> names = new HashSet<>();
    Set<String> workloads = new TreeSet<>();
    for (JsonNode example : examples) {
      assertThat(example.path("kind").asText()).isEqualTo("Workspace");
      String apiVersion = example.path("apiVersion").asText();
      assertThat(apiVersion).startsWith("kaito.sh/");
      versions.add(apiVersion.substring("kaito.sh/".length()));
      assertThat(names.add(example.path("metadata").path("name").asText())).isTrue();
      Workspace ws = strict.treeToValue(example, Workspace.class);
      ws.getMetadata().setNamespace("default");
      ValidationResult result =
          validator.validateCreate(
              ws, apiVersion.endsWith("/v1alpha1"), StaticClusterLookup.empty());
      assertThat(result.errors())
          .as(example.path("metadata").path("name").asText() + ": " + result.message())
          .isEmpty();
      if (example.has("inference")) {
        workloads.add("inference");
      }
      if (example.has("tuning")) {
        workloads.add("tuning");
      }
    }
    assertThat(versions).containsExactly("v1alpha1", "v1beta1");
    assertThat(workloads).containsExactly("inference", "tuning");
  }

  @Test
  void installDeploymentIsTheOperatorDeploymentWithOlmsCertificateFiles() throws IOException {
    JsonNode operator = find(operatorYaml(), "Deployment");
    JsonNode installed = csv().path("spec").path("install").path("spec").path("deployments");
    assertThat(installed.size()).isEqualTo(1);
    JsonNode d = installed.get(0);
    assertThat(d.path("name").asText()).isEqualTo(Manifests.name(operator));
    assertThat(d.path("label")).isEqualTo(operator.path("metadata").path("labels"));

    ObjectNode spec = (ObjectNode) d.path("spec").deepCopy();
    Map<String, String> added = removeEnv(spec, OLM_ENV);
    assertThat(added)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "KAITO_WEBHOOK_CERTIFICATES", "files",
                "QUARKUS_HTTP_SSL_CERTIFICATE_FILES", OlmBundle.OLM_CERT_DIR + "/tls.crt",
                "QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", OlmBundle.OLM_CERT_DIR + "/tls.key"));
    ObjectNode expected = (ObjectNode) operator.path("spec").deepCopy();
    removeEnv(expected, OLM_ENV);
    assertThat(spec).isEqualTo(expected);
  }

  @Test
  void permissionsCoverEveryRuleOfTheRolesBoundToTheServiceAccount() throws IOException {
    List<JsonNode> operator = operatorYaml();
    String sa = Manifests.name(find(operator, "ServiceAccount"));
    JsonNode installSpec = csv().path("spec").path("install").path("spec");
    assertThat(
            find(operator, "Deployment")
                .path("spec")
                .path("template")
                .path("spec")
                .path("serviceAccountName")
                .asText())
        .isEqualTo(sa);

    Set<String> roleNames = new HashSet<>();
    operator.stream()
        .filter(d -> Manifests.kind(d).endsWith("Role"))
        .forEach(d -> roleNames.add(Manifests.name(d)));
    assertThat(roleNames)
        .as("roles the bundle leaves out exist")
        .containsAll(OlmBundle.NOT_UNDER_OLM);

    for (String scope : List.of("Cluster", "")) {
      Set<String> bound = new TreeSet<>();
      for (JsonNode binding : operator) {
        if (Manifests.kind(binding).equals(scope + "RoleBinding")) {
          for (JsonNode s : binding.path("subjects")) {
            if (s.path("kind").asText().equals("ServiceAccount")
                && s.path("name").asText().equals(sa)) {
              bound.add(
                  binding.path("roleRef").path("kind").asText()
                      + "/"
                      + binding.path("roleRef").path("name").asText());
            }
          }
        }
      }
      Set<String> needed = new TreeSet<>();
      for (JsonNode role : operator) {
        String ref = Manifests.kind(role) + "/" + Manifests.name(role);
        if (bound.contains(ref) && !OlmBundle.NOT_UNDER_OLM.contains(Manifests.name(role))) {
          role.path("rules").forEach(r -> needed.addAll(grants(r)));
        }
      }
      JsonNode permissions =
          installSpec.path(scope.isEmpty() ? "permissions" : "clusterPermissions");
      Set<String> granted = new TreeSet<>();
      for (JsonNode p : permissions) {
        assertThat(p.path("serviceAccountName").asText()).isEqualTo(sa);
        p.path("rules").forEach(r -> granted.addAll(grants(r)));
      }
      assertThat(needed).as(scope + "Roles bound to " + sa).isNotEmpty();
      assertThat(granted)
          .as(
              (scope.isEmpty() ? "permissions" : "clusterPermissions")
                  + " grant exactly the bound roles' rules")
          .isEqualTo(needed);
    }
  }

  @Test
  void webhookDefinitionIsTheValidatingWebhookConfiguration() throws IOException {
    List<JsonNode> operator = operatorYaml();
    JsonNode vwc = find(operator, "ValidatingWebhookConfiguration");
    JsonNode deployment = find(operator, "Deployment");
    JsonNode service = find(operator, "Service");
    JsonNode defs = csv().path("spec").path("webhookdefinitions");
    assertThat(defs.size()).isEqualTo(vwc.path("webhooks").size()).isPositive();
    for (int i = 0; i < defs.size(); i++) {
      JsonNode def = defs.get(i);
      JsonNode w = vwc.path("webhooks").get(i);
      assertThat(def.path("type").asText()).isEqualTo("ValidatingAdmissionWebhook");
      assertThat(def.path("generateName").asText()).isEqualTo(w.path("name").asText());
      assertThat(def.path("deploymentName").asText()).isEqualTo(Manifests.name(deployment));
      assertThat(def.path("webhookPath").asText())
          .isEqualTo(w.path("clientConfig").path("service").path("path").asText());
      int servicePort = w.path("clientConfig").path("service").path("port").asInt();
      assertThat(def.path("containerPort").asInt()).isEqualTo(servicePort);
      JsonNode port =
          stream(service.path("spec").path("ports"))
              .filter(p -> p.path("port").asInt() == servicePort)
              .findFirst()
              .orElseThrow();
      assertThat(def.path("targetPort").asInt()).isEqualTo(port.path("targetPort").asInt());
      assertThat(
              stream(
                      deployment
                          .path("spec")
                          .path("template")
                          .path("spec")
                          .path("containers")
                          .path(0)
                          .path("ports"))
                  .map(p -> p.path("containerPort").asInt()))
          .contains(def.path("targetPort").asInt());
      for (String field :
          List.of(
              "rules",
              "sideEffects",
              "failurePolicy",
              "timeoutSeconds",
              "admissionReviewVersions")) {
        assertThat(def.path(field)).as(field).isEqualTo(w.path(field));
      }
    }
  }

  @Test
  void relatedImagesAreTheOperatorAndItsDefaultRuntimeImages() throws IOException {
    JsonNode csv = csv();
    Map<String, String> related = new LinkedHashMap<>();
    for (JsonNode r : csv.path("spec").path("relatedImages")) {
      assertThat(related.put(r.path("name").asText(), r.path("image").asText()))
          .as("unique name")
          .isNull();
    }
    RuntimeImages images =
        RuntimeImages.defaults(Defaults.PRESET_REGISTRY, Defaults.BASE_IMAGE_TAG);
    assertThat(related.values())
        .contains(
            csv.path("metadata").path("annotations").path("containerImage").asText(),
            images.baseImage(),
            images.oras(),
            images.curl(),
            images.skopeo(),
            images.pusher());
  }

  // ---------------------------------------------------------------------------------------------

  /** A rule as "group|resource|resourceName|verb" tuples ("*" for no resource name). */
  private static Set<String> grants(JsonNode rule) {
    Set<String> out = new TreeSet<>();
    List<String> names = texts(rule.path("resourceNames"));
    if (names.isEmpty()) {
      names = List.of("*");
    }
    for (String g : texts(rule.path("apiGroups"))) {
      for (String r : texts(rule.path("resources"))) {
        for (String n : names) {
          for (String v : texts(rule.path("verbs"))) {
            out.add(g + "|" + r + "|" + n + "|" + v);
          }
        }
      }
    }
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list.stream();
  }

  private static List<String> servedVersions(JsonNode crd) {
    return stream(crd.path("spec").path("versions"))
        .filter(v -> v.path("served").asBoolean())
        .map(v -> v.path("name").asText())
        .toList();
  }

  private static JsonNode versionSchema(JsonNode crd, String version) {
    return stream(crd.path("spec").path("versions"))
        .filter(v -> v.path("name").asText().equals(version))
        .findFirst()
        .orElseThrow()
        .path("schema")
        .path("openAPIV3Schema");
  }

  private static JsonNode find(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> Manifests.kind(d).equals(kind)).findFirst().orElseThrow();
  }

  private static Map<String, String> removeEnv(ObjectNode deploymentSpec, Set<String> names) {
    ArrayNode env =
        (ArrayNode)
            deploymentSpec.path("template").path("spec").path("containers").path(0).path("env");
    Map<String, String> removed = new LinkedHashMap<>();
    for (int i = env.size() - 1; i >= 0; i--) {
      if (names.contains(env.get(i).path("name").asText())) {
        removed.put(env.get(i).path("name").asText(), env.get(i).path("value").asText());
        env.remove(i);
      }
    }
    return removed;
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
