package sh.kaito.operator.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import sh.kaito.operator.config.Defaults;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated Helm chart: its structure and defaults against the plain manifests (always), and,
 * when a {@code helm} binary is available, {@code helm lint} and {@code helm template} with the
 * default values and with several value sets.
 *
 * <p>helm is looked for in {@code $KAITO_HELM}, on the PATH and in {@code
 * ~/.cache/kaito-tools/bin/helm} (where {@code GOBIN=~/.cache/kaito-tools/bin go install
 * helm.sh/helm/v3/cmd/helm@v3.18.6} puts it). A helm built that way defaults to Kubernetes 1.20, so
 * every rendering passes {@code --kube-version}.
 */
class HelmChartIT {
  private static final Path DEPLOY =
      Path.of(System.getProperty("kaito.generated.deploy.dir", "target/deploy"));
  private static final Path CHART = DEPLOY.resolve("helm/kaito-operator");
  private static final String NAMESPACE = "kaito-system";
  private static final String KUBE_VERSION = "1.28.0";

  // ---------------------------------------------------------------------------------------------
  // Structure (no helm needed)
  // ---------------------------------------------------------------------------------------------

  @Test
  void chartVersionIsTheOperatorVersionAndItsCrdsAreDeploysCrds() throws IOException {
    JsonNode chart = Manifests.read(CHART.resolve("Chart.yaml")).get(0);
    assertThat(chart.path("apiVersion").asText()).isEqualTo("v2");
    assertThat(chart.path("name").asText()).isEqualTo("kaito-operator");
    assertThat(chart.path("version").asText()).isEqualTo(operatorVersion());
    String image = Manifests.image(deployment(operatorYaml()));
    assertThat(image).endsWith(":" + chart.path("appVersion").asText());

    assertThat(fileNames(CHART.resolve("crds"))).isEqualTo(fileNames(DEPLOY.resolve("crds")));
    for (String crd : fileNames(DEPLOY.resolve("crds"))) {
      assertThat(Files.readString(CHART.resolve("crds").resolve(crd)))
          .as("the chart's crds/" + crd)
          .isEqualTo(Files.readString(DEPLOY.resolve("crds").resolve(crd)));
    }
    assertThat(fileNames(CHART.resolve("templates")))
        .contains(
            "deployment.yaml",
            "serviceaccount.yaml",
            "clusterrbac.yaml",
            "service.yaml",
            "webhook.yaml",
            "certificate.yaml",
            "servicemonitor.yaml",
            "NOTES.txt");
  }

  @Test
  void defaultValuesAreTheManifestsAndTheOperatorsDefaults() throws IOException {
    JsonNode values = Manifests.read(CHART.resolve("values.yaml")).get(0);
    JsonNode deployment = deployment(operatorYaml());
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").path(0);

    assertThat(
            values.path("image").path("repository").asText()
                + ":"
                + Manifests.read(CHART.resolve("Chart.yaml")).get(0).path("appVersion").asText())
        .isEqualTo(container.path("image").asText());
    assertThat(values.path("image").path("tag").asText()).isEmpty();
    assertThat(values.path("image").path("pullPolicy").asText())
        .isEqualTo(container.path("imagePullPolicy").asText());
    assertThat(values.path("replicas").asInt())
        .isEqualTo(deployment.path("spec").path("replicas").asInt());
    assertThat(values.path("resources")).isEqualTo(container.path("resources"));
    assertThat(values.path("podSecurityContext")).isEqualTo(pod.path("securityContext"));
    assertThat(values.path("securityContext")).isEqualTo(container.path("securityContext"));
    // Empty: the operator's default for the mode (azure with machine, none with byo).
    assertThat(values.path("cloudProvider").asText()).isEmpty();
    assertThat(values.path("nodeProvisioning").path("mode").asText())
        .isEqualTo(Defaults.PROVISIONING_MODE);
    assertThat(values.path("presets").path("registry").asText())
        .isEqualTo(Defaults.PRESET_REGISTRY);
    assertThat(values.path("presets").path("baseImageTag").asText())
        .isEqualTo(Defaults.BASE_IMAGE_TAG);
    assertThat(values.path("webhook").path("failurePolicy").asText())
        .isEqualTo(
            find(operatorYaml(), "ValidatingWebhookConfiguration", null)
                .path("webhooks")
                .path(0)
                .path("failurePolicy")
                .asText());
    assertThat(values.path("serviceMonitor").path("enabled").asBoolean()).isFalse();
    assertThat(values.path("extraEnv").isArray()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // helm lint and helm template
  // ---------------------------------------------------------------------------------------------

  @Test
  void lintPassesWithDefaultAndNonDefaultValues() throws Exception {
    Result lint = helm("lint", CHART.toString(), "--strict");
    assertThat(lint.exit()).as(lint.output()).isZero();
    Result lintSet =
        helm(
            "lint",
            CHART.toString(),
            "--strict",
            "--set",
            "cloudProvider=simulated,webhook.enabled=false,serviceMonitor.enabled=true");
    assertThat(lintSet.exit()).as(lintSet.output()).isZero();
  }

  /**
   * With the default values the chart renders operator.yaml's objects, apart from the documented
   * differences: no Namespace, managed-by Helm, the settings as environment variables and the
   * workload identity pod label.
   */
  @Test
  void defaultRenderingIsOperatorYamlApartFromTheDocumentedDifferences() throws Exception {
    List<JsonNode> rendered = template();
    List<JsonNode> expected =
        operatorYaml().stream().filter(d -> !Manifests.kind(d).equals("Namespace")).toList();
    assertThat(keys(rendered)).containsExactlyInAnyOrderElementsOf(keys(expected));

    for (JsonNode e : expected) {
      ObjectNode r = (ObjectNode) find(rendered, Manifests.kind(e), Manifests.name(e)).deepCopy();
      ObjectNode x = (ObjectNode) e.deepCopy();
      if (x.path("metadata").path("labels").has(HelmChart.MANAGED_BY)) {
        assertThat(label(r, HelmChart.MANAGED_BY)).isEqualTo("Helm");
        ((ObjectNode) r.path("metadata").path("labels")).remove(HelmChart.MANAGED_BY);
        ((ObjectNode) x.path("metadata").path("labels")).remove(HelmChart.MANAGED_BY);
      }
      if (Manifests.kind(e).equals("Deployment")) {
        ObjectNode podLabels =
            (ObjectNode) r.path("spec").path("template").path("metadata").path("labels");
        assertThat(podLabels.path(HelmChart.MANAGED_BY).asText()).isEqualTo("Helm");
        assertThat(podLabels.path(HelmChart.WORKLOAD_IDENTITY_USE).asText()).isEqualTo("true");
        podLabels.remove(List.of(HelmChart.MANAGED_BY, HelmChart.WORKLOAD_IDENTITY_USE));
        ((ObjectNode) x.path("spec").path("template").path("metadata").path("labels"))
            .remove(HelmChart.MANAGED_BY);

        Map<String, String> settings = removeEnv(r, HelmChart.CHART_ENV);
        removeEnv(x, HelmChart.CHART_ENV);
        HelmChart.Settings defaults = HelmChart.Settings.read();
        assertThat(settings)
            .containsExactlyInAnyOrderEntriesOf(
                Map.of(
                    "KAITO_CLOUD_PROVIDER",
                    "azure",
                    "KAITO_NODE_PROVISIONING_MODE",
                    Defaults.PROVISIONING_MODE,
                    "KAITO_PRESETS_REGISTRY",
                    Defaults.PRESET_REGISTRY,
                    "KAITO_PRESETS_BASE_IMAGE_TAG",
                    Defaults.BASE_IMAGE_TAG,
                    "KAITO_AZURE_CREDENTIAL",
                    "workload-identity",
                    "KAITO_LEADER_ELECTION_LEASE_DURATION",
                    defaults.leaseDuration(),
                    "KAITO_LEADER_ELECTION_RENEW_DEADLINE",
                    defaults.renewDeadline(),
                    "KAITO_LEADER_ELECTION_RETRY_PERIOD",
                    defaults.retryPeriod(),
                    "KAITO_WEBHOOK_CERTIFICATES",
                    defaults.certificates()));
      }
      assertThat(r).as(Manifests.kind(e) + " " + Manifests.name(e)).isEqualTo(x);
    }
  }

  @Test
  void azureSettingsAndWorkloadIdentityGoToTheServiceAccountPodAndEnvironment() throws Exception {
    List<JsonNode> docs =
        template(
            "--set",
            "azure.subscriptionId=sub-1,azure.resourceGroup=rg-1,azure.clusterName=aks-1",
            "--set",
            "azure.workloadIdentity.clientId=client-1,azure.workloadIdentity.tenantId=tenant-1",
            "--set",
            "cloudProvider=azure,nodeProvisioning.mode=byo,presets.registry=registry.local/kaito,presets.baseImageTag=0.6.0");
    JsonNode sa = find(docs, "ServiceAccount", "kaito-operator");
    assertThat(
            sa.path("metadata")
                .path("annotations")
                .path("azure.workload.identity/client-id")
                .asText())
        .isEqualTo("client-1");
    assertThat(
            sa.path("metadata")
                .path("annotations")
                .path("azure.workload.identity/tenant-id")
                .asText())
        .isEqualTo("tenant-1");
    JsonNode deployment = deployment(docs);
    assertThat(
            deployment
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels")
                .path(HelmChart.WORKLOAD_IDENTITY_USE)
                .asText())
        .isEqualTo("true");
    assertThat(env(deployment))
        .containsEntry("KAITO_CLOUD_PROVIDER", "azure")
        .containsEntry("KAITO_AZURE_SUBSCRIPTION_ID", "sub-1")
        .containsEntry("KAITO_AZURE_RESOURCE_GROUP", "rg-1")
        .containsEntry("KAITO_AZURE_CLUSTER_NAME", "aks-1")
        .containsEntry("KAITO_AZURE_CREDENTIAL", "workload-identity")
        .containsEntry("KAITO_NODE_PROVISIONING_MODE", "byo")
        .containsEntry("KAITO_PRESETS_REGISTRY", "registry.local/kaito")
        .containsEntry("KAITO_PRESETS_BASE_IMAGE_TAG", "0.6.0");

    List<JsonNode> noWorkloadIdentity =
        template("--set", "azure.workloadIdentity.enabled=false,azure.workloadIdentity.clientId=c");
    assertThat(
            find(noWorkloadIdentity, "ServiceAccount", "kaito-operator")
                .path("metadata")
                .path("annotations")
                .has("azure.workload.identity/client-id"))
        .isFalse();
    JsonNode d = deployment(noWorkloadIdentity);
    assertThat(
            d.path("spec")
                .path("template")
                .path("metadata")
                .path("labels")
                .has(HelmChart.WORKLOAD_IDENTITY_USE))
        .isFalse();
    assertThat(env(d)).containsEntry("KAITO_AZURE_CREDENTIAL", "default");
  }

  @Test
  void simulatedWithoutWebhookServesNoHttpsAndHasNoAzureSettings() throws Exception {
    List<JsonNode> docs =
        template(
            "--set",
            "cloudProvider=simulated,webhook.enabled=false,webhook.certificates.mode=cert-manager",
            "--set",
            "azure.subscriptionId=ignored,azure.workloadIdentity.clientId=ignored");
    assertThat(kinds(docs))
        .doesNotContain(
            "ValidatingWebhookConfiguration", "Issuer", "Certificate", "ServiceMonitor");
    JsonNode deployment = deployment(docs);
    Map<String, String> env = env(deployment);
    assertThat(env)
        .containsEntry("KAITO_CLOUD_PROVIDER", "simulated")
        .containsEntry("KAITO_WEBHOOK_CERTIFICATES", "files")
        .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", "")
        .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES", "");
    assertThat(env.keySet()).noneMatch(k -> k.startsWith("KAITO_AZURE_"));
    assertThat(
            deployment
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels")
                .has(HelmChart.WORKLOAD_IDENTITY_USE))
        .isFalse();
    assertThat(
            find(docs, "ServiceAccount", "kaito-operator")
                .path("metadata")
                .path("annotations")
                .has("azure.workload.identity/client-id"))
        .isFalse();
  }

  @Test
  void byoNodesWithoutACloudProviderGetNoAzureSettings() throws Exception {
    List<JsonNode> docs =
        template("--set", "nodeProvisioning.mode=byo,azure.subscriptionId=ignored");
    JsonNode deployment = deployment(docs);
    assertThat(env(deployment))
        .containsEntry("KAITO_NODE_PROVISIONING_MODE", "byo")
        .containsEntry("KAITO_CLOUD_PROVIDER", "none");
    assertThat(env(deployment).keySet()).noneMatch(k -> k.startsWith("KAITO_AZURE_"));
    assertThat(
            deployment
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels")
                .has(HelmChart.WORKLOAD_IDENTITY_USE))
        .isFalse();
    // An explicit provider wins over the mode's default.
    assertThat(env(deployment(template("--set", "nodeProvisioning.mode=byo,cloudProvider=azure"))))
        .containsEntry("KAITO_CLOUD_PROVIDER", "azure")
        .containsEntry("KAITO_AZURE_CREDENTIAL", "workload-identity");
  }

  @Test
  void certManagerModeAddsIssuerCertificateAndCaInjectionInTheReleaseNamespace() throws Exception {
    List<JsonNode> docs =
        templateIn(
            "other-ns",
            "--set",
            "webhook.certificates.mode=cert-manager,webhook.failurePolicy=Ignore");
    JsonNode webhook = find(docs, "ValidatingWebhookConfiguration", null);
    assertThat(
            webhook
                .path("metadata")
                .path("annotations")
                .path(HelmChart.CERT_MANAGER_INJECT)
                .asText())
        .isEqualTo("other-ns/kaito-operator-webhook");
    assertThat(webhook.path("webhooks").path(0).path("failurePolicy").asText()).isEqualTo("Ignore");
    assertThat(
            webhook
                .path("webhooks")
                .path(0)
                .path("clientConfig")
                .path("service")
                .path("namespace")
                .asText())
        .isEqualTo("other-ns");
    assertThat(env(deployment(docs))).containsEntry("KAITO_WEBHOOK_CERTIFICATES", "cert-manager");

    // The cert-manager objects are deploy/cert-manager.yaml's, in the release namespace.
    for (JsonNode e : Manifests.read(DEPLOY.resolve("cert-manager.yaml"))) {
      JsonNode r = find(docs, Manifests.kind(e), Manifests.name(e));
      assertThat(r.path("metadata").path("namespace").asText()).isEqualTo("other-ns");
      assertThat(r.path("spec").toString())
          .isEqualTo(e.path("spec").toString().replace(NAMESPACE, "other-ns"));
    }
    // Every namespaced object is in the release namespace; the bindings name its ServiceAccount.
    for (JsonNode doc : docs) {
      if (doc.path("metadata").has("namespace")) {
        assertThat(doc.path("metadata").path("namespace").asText())
            .as(key(doc))
            .isEqualTo("other-ns");
      }
      for (JsonNode subject : doc.path("subjects")) {
        assertThat(subject.path("namespace").asText()).as(key(doc)).isEqualTo("other-ns");
      }
    }
    assertThat(
            find(template(), "ValidatingWebhookConfiguration", null)
                .path("metadata")
                .has("annotations"))
        .as("no cert-manager annotation in self-managed mode")
        .isFalse();
  }

  @Test
  void imageReplicasResourcesSecurityContextAndExtraEnvComeFromValues() throws Exception {
    List<JsonNode> docs =
        template(
            "--set",
            "image.repository=registry.local/kaito-operator,image.tag=dev,image.pullPolicy=Always,replicas=3",
            "--set",
            "resources.limits.memory=1Gi,podSecurityContext.runAsUser=1000,securityContext.readOnlyRootFilesystem=false",
            "--set-json",
            "extraEnv=[{\"name\":\"KAITO_FEATURE_GATES_ENABLE_MIG\",\"value\":\"true\"}]");
    JsonNode deployment = deployment(docs);
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").path(0);
    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(container.path("image").asText()).isEqualTo("registry.local/kaito-operator:dev");
    assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("1Gi");
    assertThat(container.path("resources").path("requests").path("cpu").asText()).isEqualTo("100m");
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(1000);
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .isFalse();
    assertThat(env(deployment)).containsEntry("KAITO_FEATURE_GATES_ENABLE_MIG", "true");

    List<JsonNode> withoutContexts =
        template("--set-json", "podSecurityContext=null", "--set-json", "securityContext=null");
    JsonNode p = deployment(withoutContexts).path("spec").path("template").path("spec");
    assertThat(p.has("securityContext")).isFalse();
    assertThat(p.path("containers").path(0).has("securityContext")).isFalse();
  }

  @Test
  void serviceMonitorIsRenderedOnlyWhenEnabled() throws Exception {
    assertThat(kinds(template())).doesNotContain("ServiceMonitor");
    List<JsonNode> docs =
        template("--set", "serviceMonitor.enabled=true,serviceMonitor.labels.release=prometheus");
    JsonNode monitor = find(docs, "ServiceMonitor", "kaito-operator");
    JsonNode expected = Manifests.read(DEPLOY.resolve("monitoring.yaml")).get(0);
    assertThat(monitor.path("spec")).isEqualTo(expected.path("spec"));
    assertThat(label(monitor, "release")).isEqualTo("prometheus");
    assertThat(label(monitor, HelmChart.MANAGED_BY)).isEqualTo("Helm");
  }

  @Test
  void valuesOutsideTheirSetAreRejected() throws Exception {
    for (String set :
        List.of(
            "cloudProvider=gcp",
            "nodeProvisioning.mode=auto",
            "webhook.failurePolicy=Sometimes",
            "webhook.certificates.mode=vault")) {
      Result r =
          helm(
              "template",
              "kaito-operator",
              CHART.toString(),
              "--kube-version",
              KUBE_VERSION,
              "--set",
              set);
      assertThat(r.exit()).as(set + " must be rejected").isNotZero();
      assertThat(r.output()).as(set).contains("value must be one of");
    }
    Result tooOld =
        helm("template", "kaito-operator", CHART.toString(), "--kube-version", "1.27.0");
    assertThat(tooOld.exit()).isNotZero();
    assertThat(tooOld.output()).contains("kubeVersion");
  }

  // ---------------------------------------------------------------------------------------------

  record Result(int exit, String output) {}

  private static Optional<Path> helmBinary() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getenv("KAITO_HELM");
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "helm"));
      }
    }
    candidates.add(Path.of(System.getProperty("user.home"), ".cache/kaito-tools/bin/helm"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  private static Result helm(String... args) throws Exception {
    Optional<Path> helm = helmBinary();
    Assumptions.assumeTrue(
        helm.isPresent(),
        "helm is not installed ($KAITO_HELM, PATH, ~/.cache/kaito-tools/bin/helm): skipping the"
            + " helm lint/template checks; install it with GOBIN=~/.cache/kaito-tools/bin"
            + " GOFLAGS=-mod=mod go install helm.sh/helm/v3/cmd/helm@v3.18.6");
    List<String> command = new ArrayList<>();
    command.add(helm.get().toString());
    command.addAll(Arrays.asList(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("helm finished").isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static List<JsonNode> template(String... args) throws Exception {
    return templateIn(NAMESPACE, args);
  }

  /** helm template into a namespace, parsed; it must succeed. */
  private static List<JsonNode> templateIn(String namespace, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "template",
                "kaito-operator",
                CHART.toString(),
                "--namespace",
                namespace,
                "--kube-version",
                KUBE_VERSION));
    command.addAll(Arrays.asList(args));
    Result r = helm(command.toArray(String[]::new));
    assertThat(r.exit()).as(r.output()).isZero();
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        Manifests.READER.readerFor(JsonNode.class).readValues(r.output())) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && doc.isObject()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  private static List<JsonNode> operatorYaml() throws IOException {
    return Manifests.read(DEPLOY.resolve("operator.yaml"));
  }

  private static String operatorVersion() throws IOException {
    try (Stream<Path> dirs = Files.list(DEPLOY.resolve("olm/kaito-operator"))) {
      List<String> versions = dirs.map(d -> d.getFileName().toString()).toList();
      assertThat(versions).hasSize(1);
      return versions.get(0);
    }
  }

  private static JsonNode deployment(List<JsonNode> docs) {
    return find(docs, "Deployment", "kaito-operator");
  }

  private static JsonNode find(List<JsonNode> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> Manifests.kind(d).equals(kind))
        .filter(d -> name == null || Manifests.name(d).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + keys(docs)));
  }

  private static List<String> keys(List<JsonNode> docs) {
    return docs.stream().map(HelmChartIT::key).toList();
  }

  private static String key(JsonNode doc) {
    return Manifests.kind(doc) + "/" + Manifests.name(doc);
  }

  private static List<String> kinds(List<JsonNode> docs) {
    return docs.stream().map(Manifests::kind).toList();
  }

  private static String label(JsonNode doc, String name) {
    return doc.path("metadata").path("labels").path(name).asText(null);
  }

  /** The container's environment as name → value (valueFrom entries as "valueFrom"). */
  private static Map<String, String> env(JsonNode deployment) {
    Map<String, String> env = new TreeMap<>();
    for (JsonNode e :
        deployment
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .path(0)
            .path("env")) {
      env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "valueFrom");
    }
    return env;
  }

  /** Removes the named variables from the container's environment; returns them. */
  private static Map<String, String> removeEnv(ObjectNode deployment, java.util.Set<String> names) {
    ArrayNode env =
        (ArrayNode)
            deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0)
                .path("env");
    Map<String, String> removed = new HashMap<>();
    for (int i = env.size() - 1; i >= 0; i--) {
      String name = env.get(i).path("name").asText();
      if (names.contains(name)) {
        removed.put(name, env.get(i).path("value").asText());
        env.remove(i);
      }
    }
    return removed;
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
