package sh.kaito.operator.webhook.tls;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import sh.kaito.operator.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The self-managed webhook certificate against the fabric8 mock API server: creation, renewal of an
 * expiring serving certificate or CA, the caBundle, the order of writes, and no writes when nothing
 * changes.
 */
@EnableKubernetesMockClient(crud = true)
class WebhookCertificatesTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  private static final Instant START = Instant.parse("2026-11-30T12:00:00Z");
  private static final String NS = "kaito-system";
  private static final String SECRET = "kaito-operator-webhook-tls";
  private static final String WEBHOOK = "validation.workspace.kaito.sh";
  private static final CertificateSettings SETTINGS =
      new CertificateSettings(
          NS,
          SECRET,
          "kaito-operator",
          WEBHOOK,
          Duration.ofDays(365),
          Duration.ofDays(30),
          Duration.ofDays(3650));

  private MutableClock clock;
  private WebhookCertificates certificates;

  @BeforeEach
  void cluster() throws InterruptedException {
    client.secrets().inNamespace(NS).withName(SECRET).delete();
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(WEBHOOK)
        .delete();
    client.resource(webhookConfiguration(Map.of())).create();
    clock = new MutableClock(START);
    certificates = new WebhookCertificates(client, SETTINGS, new CertificateIssuer(), clock);
    drainRequests();
  }

  @Test
  void firstReconcileCreatesTheSecretAndSetsTheCaBundle() throws Exception {
    WebhookCertificates.Reconciled result = certificates.reconcile();

    assertThat(result.changes()).containsExactly("CA and serving certificate", "caBundle");
    Secret secret = secret();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    TlsMaterial stored = TlsMaterial.fromSecretData(secret.getData());
    X509Certificate serving = stored.serving().orElseThrow().certificate();
    X509Certificate ca = stored.ca().orElseThrow().certificate();
    assertThat(CertificatePolicy.dnsNames(serving))
        .containsExactly(
            "kaito-operator.kaito-system.svc", "kaito-operator.kaito-system.svc.cluster.local");
    assertThat(serving.getNotAfter().toInstant()).isEqualTo(START.plus(Duration.ofDays(365)));
    assertThat(ca.getNotAfter().toInstant()).isEqualTo(START.plus(Duration.ofDays(3650)));
    serving.verify(ca.getPublicKey());
    assertThat(stored.caCertificates()).containsExactly(ca);
    assertThat(caBundle()).containsExactly(ca);
    assertThat(result.material().servingFingerprint()).isEqualTo(stored.servingFingerprint());
  }

  @Test
  void aValidCertificateIsLeftAloneAndNothingIsWritten() throws Exception {
    certificates.reconcile();
    String secretVersion = secret().getMetadata().getResourceVersion();
    String webhookVersion = webhook().getMetadata().getResourceVersion();
    drainRequests();

    clock.advance(Duration.ofDays(300));
    WebhookCertificates.Reconciled again = certificates.reconcile();

    assertThat(again.changes()).isEmpty();
    assertThat(writes()).isEmpty();
    assertThat(secret().getMetadata().getResourceVersion()).isEqualTo(secretVersion);
    assertThat(webhook().getMetadata().getResourceVersion()).isEqualTo(webhookVersion);
  }

  @Test
  void anExpiringServingCertificateIsRenewedUnderTheSameCa() throws Exception {
    certificates.reconcile();
    TlsMaterial before = TlsMaterial.fromSecretData(secret().getData());
    String webhookVersion = webhook().getMetadata().getResourceVersion();

    clock.advance(Duration.ofDays(340)); // 25 days left, less than renew-before (30 days)
    WebhookCertificates.Reconciled renewed = certificates.reconcile();

    assertThat(renewed.changes()).containsExactly("serving certificate");
    TlsMaterial after = TlsMaterial.fromSecretData(secret().getData());
    X509Certificate serving = after.serving().orElseThrow().certificate();
    assertThat(serving).isNotEqualTo(before.serving().orElseThrow().certificate());
    assertThat(serving.getNotAfter().toInstant()).isEqualTo(START.plus(Duration.ofDays(340 + 365)));
    assertThat(after.caCrt()).isEqualTo(before.caCrt());
    serving.verify(before.ca().orElseThrow().certificate().getPublicKey());
    assertThat(webhook().getMetadata().getResourceVersion())
        .as("the caBundle did not change")
        .isEqualTo(webhookVersion);
  }

  @Test
  void anExpiringCaIsReplacedWithTheOldCaKeptInTheBundleAndTheBundlePatchedBeforeTheNewLeaf()
      throws Exception {
    certificates.reconcile();
    TlsMaterial before = TlsMaterial.fromSecretData(secret().getData());
    X509Certificate oldCa = before.ca().orElseThrow().certificate();
    X509Certificate oldServing;
    // Years later the serving certificate has been renewed on schedule, with the CA 404 days
    // from its end: still more than validity + renew-before (395 days), so the CA stays.
    clock.advance(Duration.ofDays(3650 - 404));
    assertThat(certificates.reconcile().changes()).containsExactly("serving certificate");
    TlsMaterial renewed = TlsMaterial.fromSecretData(secret().getData());
    oldServing = renewed.serving().orElseThrow().certificate();
    oldServing.verify(oldCa.getPublicKey());
    // Ten days later the CA has less than 395 days left.
    clock.advance(Duration.ofDays(10));
    drainRequests();

    WebhookCertificates.Reconciled rotated = certificates.reconcile();

    assertThat(rotated.changes()).containsExactly("CA", "caBundle", "serving certificate");
    List<String> writes = writes();
    assertThat(writes)
        .as("Secret with the new CA, then the caBundle, then the new serving certificate")
        .containsExactly(
            "PUT /api/v1/namespaces/kaito-system/secrets/" + SECRET,
            "PATCH /apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/"
                + WEBHOOK,
            "PUT /api/v1/namespaces/kaito-system/secrets/" + SECRET);
    TlsMaterial after = TlsMaterial.fromSecretData(secret().getData());
    X509Certificate newCa = after.ca().orElseThrow().certificate();
    assertThat(newCa).isNotEqualTo(oldCa);
    assertThat(after.caCertificates()).containsExactly(newCa, oldCa);
    assertThat(caBundle()).containsExactly(newCa, oldCa);
    X509Certificate serving = after.serving().orElseThrow().certificate();
    serving.verify(newCa.getPublicKey());
    // A replica still serving the previous certificate stays trusted during the rotation.
    oldServing.verify(caBundle().get(1).getPublicKey());
  }

  @Test
  void garbageInTheSecretIsReplaced() throws Exception {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .withNamespace(NS)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", b64("not a certificate"))
                .addToData("tls.key", b64("not a key"))
                .addToData("extra", b64("kept"))
                .build())
        .create();

    WebhookCertificates.Reconciled result = certificates.reconcile();

    assertThat(result.changes()).containsExactly("CA and serving certificate", "caBundle");
    Secret secret = secret();
    assertThat(TlsMaterial.fromSecretData(secret.getData()).servable(START)).isTrue();
    assertThat(secret.getData()).containsEntry("extra", b64("kept"));
  }

  @Test
  void caBundlePatchRemovesCertManagersInjectionAnnotation() {
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(WEBHOOK)
        .delete();
    client
        .resource(
            webhookConfiguration(
                Map.of(WebhookCertificates.INJECT_CA_FROM, "kaito-system/kaito-operator-webhook")))
        .create();

    certificates.reconcile();

    assertThat(webhook().getMetadata().getAnnotations())
        .doesNotContainKey(WebhookCertificates.INJECT_CA_FROM);
    assertThat(webhook().getWebhooks().get(0).getClientConfig().getCaBundle()).isNotBlank();
  }

  @Test
  void certManagerModeOnlyAnnotatesTheConfigurationOnce() {
    assertThat(certificates.ensureCertManagerInjection()).isTrue();
    String version = webhook().getMetadata().getResourceVersion();

    assertThat(certificates.ensureCertManagerInjection()).isFalse();

    ValidatingWebhookConfiguration c = webhook();
    assertThat(c.getMetadata().getAnnotations())
        .containsEntry(WebhookCertificates.INJECT_CA_FROM, "kaito-system/kaito-operator-webhook");
    assertThat(c.getMetadata().getResourceVersion()).isEqualTo(version);
    assertThat(c.getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();
    assertThat(secretOrNull()).isNull();
  }

  @Test
  void withoutAWebhookConfigurationTheSecretIsStillIssued() {
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(WEBHOOK)
        .delete();

    WebhookCertificates.Reconciled result = certificates.reconcile();

    assertThat(result.changes()).containsExactly("CA and serving certificate");
    assertThat(TlsMaterial.fromSecretData(secret().getData()).servable(START)).isTrue();
  }

  @Test
  void readReturnsWhatTheSecretHoldsOrNothing() {
    assertThat(certificates.read()).isSameAs(TlsMaterial.EMPTY);
    TlsMaterial issued = certificates.reconcile().material();

    assertThat(certificates.read().servingFingerprint()).isEqualTo(issued.servingFingerprint());
  }

  private static ValidatingWebhookConfiguration webhookConfiguration(
      Map<String, String> annotations) {
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(WEBHOOK)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .endMetadata()
        .addNewWebhook()
        .withName(WEBHOOK)
        .withAdmissionReviewVersions("v1")
        .withSideEffects("None")
        .withNewClientConfig()
        .withNewService()
        .withName("kaito-operator")
        .withNamespace(NS)
        .withPath("/validate/workspace.kaito.sh")
        .withPort(443)
        .endService()
        .endClientConfig()
        .endWebhook()
        .build();
  }

  private static Secret secret() {
    Secret s = secretOrNull();
    assertThat(s).as("Secret " + SECRET).isNotNull();
    return s;
  }

  private static Secret secretOrNull() {
    return client.secrets().inNamespace(NS).withName(SECRET).get();
  }

  private static ValidatingWebhookConfiguration webhook() {
    return client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(WEBHOOK)
        .get();
  }

  private static List<X509Certificate> caBundle() throws Exception {
    String pem =
        new String(
            Base64.getDecoder()
                .decode(webhook().getWebhooks().get(0).getClientConfig().getCaBundle()),
            StandardCharsets.US_ASCII);
    return Pem.readCertificates(pem);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }

  private static void drainRequests() throws InterruptedException {
    while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // discard
    }
  }

  /** The non-GET requests since the last drain, as "METHOD path". */
  private static List<String> writes() throws InterruptedException {
    List<String> writes = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (!r.getMethod().equals("GET")) {
        writes.add(r.getMethod() + " " + r.getPath().replaceAll("\\?.*", ""));
      }
    }
    return writes;
  }
}
