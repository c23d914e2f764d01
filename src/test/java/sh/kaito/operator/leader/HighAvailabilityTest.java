package sh.kaito.operator.leader;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.plan.Yaml;
import sh.kaito.operator.testsupport.Workspaces;
import sh.kaito.operator.webhook.tls.CertificateIssuer;
import sh.kaito.operator.webhook.tls.Pem;
import sh.kaito.operator.webhook.tls.TlsMaterial;
import sh.kaito.operator.webhook.tls.WebhookCertificateManager;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

/**
 * Two replicas, one of them this operator and the other played by the test through the Lease {@code
 * kaito-system/kaito-operator-leader}, on the mock API server. While the other replica holds the
 * Lease this operator serves HTTPS but reconciles nothing, writes no certificate and is not ready;
 * once the Lease is free it takes it, reconciles, issues the webhook certificate, sets the
 * caBundle, serves the certificate over HTTPS and becomes ready; then an expiring certificate is
 * renewed and the running HTTPS server switches to the new one.
 */
@QuarkusTest
@TestProfile(HighAvailabilityProfile.class)
@WithKubernetesTestServer(crud = true, setup = HighAvailabilitySetup.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HighAvailabilityTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String NS = HighAvailabilitySetup.NAMESPACE;
  private static final String SECRET = "kaito-operator-webhook-tls";
  private static final String WEBHOOK = "validation.workspace.kaito.sh";
  private static final String WS_NAMESPACE = "ha-test";

  @Inject KubernetesClient client;
  @Inject LeaderOnly leader;
  @Inject WebhookCertificateManager certificates;

  @TestHTTPResource(value = "/", tls = true)
  URL https;

  @Test
  @Order(1)
  void aFollowerServesAPlaceholderAndDoesNothingUntilItTakesTheLease() throws Exception {
    assertThat(leader.electionEnabled()).isTrue();
    assertThat(leader.isLeader()).isFalse();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(WS_NAMESPACE).endMetadata().build())
        .create();
    Workspace ws = client.resource(seed()).create();

    // Follower: nothing reconciled, no certificate written, HTTPS up with a placeholder.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> !reconciled(ws) && secret() == null);
    assertThat(lease().getSpec().getHolderIdentity())
        .isEqualTo(HighAvailabilitySetup.OTHER_REPLICA);
    assertThat(peerCertificate(null).getIssuerX500Principal().getName())
        .contains("kaito-operator-placeholder");
    given().when().get("/q/health/ready").then().statusCode(503);

    // The other replica goes away and its Lease with it.
    client.resource(lease()).delete();

    await().atMost(TIMEOUT).until(leader::isLeader);
    await().atMost(TIMEOUT).until(() -> reconciled(ws));
    assertThat(lease().getSpec().getHolderIdentity())
        .isEqualTo(leader.currentLeader())
        .isNotEqualTo(HighAvailabilitySetup.OTHER_REPLICA);
    await().atMost(TIMEOUT).until(certificates::ready);
    TlsMaterial stored = TlsMaterial.fromSecretData(secret().getData());
    assertThat(caBundle()).isEqualTo(stored.caCertificates());
    X509Certificate served = peerCertificate(stored.caCertificates());
    assertThat(served).isEqualTo(stored.serving().orElseThrow().certificate());
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem("webhook-certificate"));

    client.resource(ws).delete();
  }

  @Test
  @Order(2)
  void theLeaderRenewsAnExpiringCertificateAndTheServerSwitchesToIt() throws Exception {
    await().atMost(TIMEOUT).until(() -> leader.isLeader() && certificates.ready());
    Secret secret = secret();
    TlsMaterial stored = TlsMaterial.fromSecretData(secret.getData());
    // Replace the serving certificate with one of the same CA that has 10 days left.
    CertificateIssuer issuer = new CertificateIssuer();
    CertificateIssuer.Issued expiring =
        issuer.issue(
            stored.ca().orElseThrow(),
            List.of(
                "kaito-operator.kaito-system.svc", "kaito-operator.kaito-system.svc.cluster.local"),
            Instant.now().minus(Duration.ofDays(355)),
            Duration.ofDays(365));
    client
        .resource(
            new SecretBuilder(secret)
                .addToData(TlsMaterial.TLS_CRT, b64(expiring.certificatePem()))
                .addToData(TlsMaterial.TLS_KEY, b64(expiring.keyPem()))
                .build())
        .update();
    List<X509Certificate> bundleBefore = caBundle();

    certificates.checkNow().get();

    TlsMaterial renewed = TlsMaterial.fromSecretData(secret().getData());
    X509Certificate cert = renewed.serving().orElseThrow().certificate();
    assertThat(cert).isNotEqualTo(expiring.certificate());
    assertThat(cert).isNotEqualTo(stored.serving().orElseThrow().certificate());
    assertThat(Duration.between(Instant.now(), cert.getNotAfter().toInstant()))
        .isGreaterThan(Duration.ofDays(364));
    assertThat(caBundle()).as("same CA, same caBundle").isEqualTo(bundleBefore);
    assertThat(peerCertificate(renewed.caCertificates())).isEqualTo(cert);
  }

  private boolean reconciled(Workspace ws) {
    Workspace current =
        client
            .resources(Workspace.class)
            .inNamespace(WS_NAMESPACE)
            .withName(ws.getMetadata().getName())
            .get();
    return current != null
        && (current.getStatus() != null || !current.getMetadata().getFinalizers().isEmpty());
  }

  private Secret secret() {
    return client.secrets().inNamespace(NS).withName(SECRET).get();
  }

  private Lease lease() {
    return client.leases().inNamespace(NS).withName(HighAvailabilitySetup.LEASE).get();
  }

  private List<X509Certificate> caBundle() throws Exception {
    String caBundle =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(WEBHOOK)
            .get()
            .getWebhooks()
            .get(0)
            .getClientConfig()
            .getCaBundle();
    assertThat(caBundle).as("caBundle").isNotBlank();
    return Pem.readCertificates(
        new String(Base64.getDecoder().decode(caBundle), StandardCharsets.US_ASCII));
  }

  /**
   * The certificate the HTTPS server presents; with {@code trusted} CAs the handshake must verify
   * against them (as the API server does with the caBundle), else anything is accepted.
   */
  private X509Certificate peerCertificate(List<X509Certificate> trusted) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    if (trusted == null) {
      context.init(null, new javax.net.ssl.TrustManager[] {new AcceptAll()}, null);
    } else {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < trusted.size(); i++) {
        store.setCertificateEntry("ca" + i, trusted.get(i));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      context.init(null, tmf.getTrustManagers(), null);
    }
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(https.getHost(), https.getPort())) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** Accepts any server certificate: only to look at the placeholder. */
  private static final class AcceptAll implements javax.net.ssl.X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static Workspace seed() throws IOException {
    String yaml =
        Files.readString(Path.of("examples/fine-tuning/kaito_workspace_tuning_phi_3.yaml"))
            .replace("kaito.sh/v1alpha1", "kaito.sh/v1beta1")
            .replace("ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1", Workspaces.OUTPUT_IMAGE)
            .replace("ACR_REGISTRY_SECRET_HERE", Workspaces.PUSH_SECRET);
    Workspace ws = Yaml.STRICT.readValue(yaml, Workspace.class);
    ws.getMetadata().setNamespace(WS_NAMESPACE);
    return ws;
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
  }
}
