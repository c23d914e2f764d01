package sh.kaito.operator.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security defaults and the least-privilege RBAC of the committed {@code deploy/operator.yaml}
 * (DeployManifestsIT keeps it equal to what the build generates), and what the OLM bundle leaves
 * out. docs/rbac.md gives the reason of each rule.
 */
class DeploySecurityTest {
  private static final Path DEPLOY = Path.of("deploy");

  private static List<JsonNode> operator() throws IOException {
    return Manifests.read(DEPLOY.resolve("operator.yaml"));
  }

  private static JsonNode one(List<JsonNode> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> Manifests.kind(d).equals(kind) && Manifests.name(d).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  @Test
  void deploymentRunsNonRootReadOnlyWithoutPrivilegesOrCapabilities() throws IOException {
    JsonNode pod =
        one(operator(), "Deployment", "kaito-operator").path("spec").path("template").path("spec");

    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText())
        .isEqualTo("RuntimeDefault");
    assertThat(pod.path("containers")).isNotEmpty();
    for (JsonNode c : pod.path("containers")) {
      JsonNode security = c.path("securityContext");
      assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
      assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
      assertThat(texts(security.path("capabilities").path("drop"))).containsExactly("ALL");
      assertThat(security.path("capabilities").has("add")).isFalse();
      assertThat(security.has("privileged") && security.path("privileged").asBoolean()).isFalse();
    }
  }

  @Test
  void theOnlyWritablePathIsTheTmpEmptyDirAndNoSecretIsMounted() throws IOException {
    JsonNode pod =
        one(operator(), "Deployment", "kaito-operator").path("spec").path("template").path("spec");

    assertThat(pod.path("volumes")).hasSize(1);
    assertThat(pod.path("volumes").path(0).path("name").asText()).isEqualTo("tmp");
    assertThat(pod.path("volumes").path(0).has("emptyDir")).isTrue();
    assertThat(pod.findValues("secret"))
        .as("no Secret volume: the Secret is read via the API")
        .isEmpty();
    JsonNode mounts = pod.path("containers").path(0).path("volumeMounts");
    assertThat(mounts).hasSize(1);
    assertThat(mounts.path(0).path("mountPath").asText()).isEqualTo("/tmp");
  }

  @Test
  void secretsAndLeasesAreGrantedInTheOperatorsNamespaceOnlyAndByName() throws IOException {
    List<JsonNode> docs = operator();
    for (JsonNode doc : docs) {
      if (Manifests.kind(doc).equals("ClusterRole")) {
        for (JsonNode rule : doc.path("rules")) {
          assertThat(texts(rule.path("resources")))
              .as("ClusterRole " + Manifests.name(doc))
              .doesNotContain("secrets", "leases", "*");
          assertThat(texts(rule.path("verbs"))).doesNotContain("*");
        }
      }
    }
    JsonNode certificate = one(docs, "Role", "kaito-operator-webhook-certificate");
    assertThat(certificate.path("metadata").path("namespace").asText()).isEqualTo("kaito-system");
    assertThat(rules(certificate))
        .containsExactly(
            "secrets [] [create]", "secrets [kaito-operator-webhook-tls] [get, update]");
    JsonNode lease = one(docs, "Role", "kaito-operator-leader-election");
    assertThat(lease.path("metadata").path("namespace").asText()).isEqualTo("kaito-system");
    assertThat(rules(lease))
        .containsExactly(
            "leases [] [create]", "leases [kaito-operator-leader] [get, update, patch]");
    assertThat(rules(one(docs, "ClusterRole", "kaito-operator-webhook-configuration")))
        .containsExactly(
            "validatingwebhookconfigurations [validation.workspace.kaito.sh] [get, patch]");
    for (String role :
        List.of("kaito-operator-webhook-certificate", "kaito-operator-leader-election")) {
      JsonNode binding = one(docs, "RoleBinding", role);
      assertThat(binding.path("metadata").path("namespace").asText()).isEqualTo("kaito-system");
      assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
      assertThat(binding.path("subjects").path(0).path("name").asText())
          .isEqualTo("kaito-operator");
    }
  }

  @Test
  void theWebhookConfigurationIsLeftToTheOperatorAndCertManagerIsOptional() throws IOException {
    JsonNode webhook =
        one(operator(), "ValidatingWebhookConfiguration", "validation.workspace.kaito.sh");
    assertThat(webhook.path("metadata").path("annotations").has("cert-manager.io/inject-ca-from"))
        .isFalse();
    assertThat(webhook.findValues("caBundle")).isEmpty();
    List<JsonNode> certManager = Manifests.read(DEPLOY.resolve("cert-manager.yaml"));
    assertThat(certManager).extracting(Manifests::kind).containsExactly("Issuer", "Certificate");
    assertThat(
            one(certManager, "Certificate", "kaito-operator-webhook")
                .path("spec")
                .path("secretName")
                .asText())
        .isEqualTo("kaito-operator-webhook-tls");
  }

  @Test
  void theOlmBundleUsesOlmsCertificateAndNeedsNoSecretOrWebhookRights() throws IOException {
    JsonNode csv =
        Manifests.read(
                DEPLOY.resolve(
                    "olm/kaito-operator/0.1.0/manifests/kaito-operator.clusterserviceversion.yaml"))
            .get(0);
    JsonNode install = csv.path("spec").path("install").path("spec");
    JsonNode container =
        install
            .path("deployments")
            .path(0)
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .path(0);
    assertThat(container.path("env").findValuesAsText("name"))
        .contains("KAITO_WEBHOOK_CERTIFICATES");
    assertThat(
            container.path("env").findParents("name").stream()
                .filter(e -> e.path("name").asText().equals("KAITO_WEBHOOK_CERTIFICATES"))
                .map(e -> e.path("value").asText()))
        .containsExactly("files");
    assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
        .isTrue();
    List<String> all = new ArrayList<>();
    install.path("clusterPermissions").findValues("resources").forEach(r -> all.addAll(texts(r)));
    install.path("permissions").findValues("resources").forEach(r -> all.addAll(texts(r)));
    assertThat(all).contains("leases").doesNotContain("secrets", "validatingwebhookconfigurations");
  }

  private static List<String> rules(JsonNode role) {
    List<String> out = new ArrayList<>();
    for (JsonNode rule : role.path("rules")) {
      out.add(
          String.join(",", texts(rule.path("resources")))
              + " "
              + texts(rule.path("resourceNames"))
              + " "
              + texts(rule.path("verbs")));
    }
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
