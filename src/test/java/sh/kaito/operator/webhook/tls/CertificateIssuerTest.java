package sh.kaito.operator.webhook.tls;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateIssuerTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final List<String> NAMES =
      List.of("kaito-operator.kaito-system.svc", "kaito-operator.kaito-system.svc.cluster.local");

  private final CertificateIssuer issuer = new CertificateIssuer();

  @Test
  void caIsASelfSignedCaValidForItsValidity() throws Exception {
    CertificateIssuer.Issued ca = issuer.newCa("test-ca", NOW, Duration.ofDays(3650));
    X509Certificate cert = ca.certificate();

    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
    assertThat(cert.getSubjectX500Principal().getName()).contains("CN=test-ca");
    cert.verify(cert.getPublicKey());
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
    assertThat(cert.getNotBefore().toInstant()).isBefore(NOW);
  }

  @Test
  void servingCertificateCoversTheServiceNamesForServerAuthAndChainsToTheCa() throws Exception {
    CertificateIssuer.Issued ca = issuer.newCa("test-ca", NOW, Duration.ofDays(3650));
    CertificateIssuer.Issued serving = issuer.issue(ca, NAMES, NOW, Duration.ofDays(365));
    X509Certificate cert = serving.certificate();

    assertThat(CertificatePolicy.dnsNames(cert)).containsExactlyElementsOf(NAMES);
    assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    cert.verify(ca.certificate().getPublicKey());
    assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(365)));
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateIssuer.BACKDATE));
    assertThat(TlsMaterial.matches(serving.key(), cert.getPublicKey())).isTrue();
    assertThat(TlsMaterial.matches(ca.key(), cert.getPublicKey())).isFalse();
  }

  @Test
  void servingCertificateNeverOutlivesItsCa() {
    CertificateIssuer.Issued ca = issuer.newCa("short-ca", NOW, Duration.ofDays(10));
    CertificateIssuer.Issued serving = issuer.issue(ca, NAMES, NOW, Duration.ofDays(365));

    assertThat(serving.certificate().getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void pemRoundTripsCertificatesAndKeys() throws Exception {
    CertificateIssuer.Issued ca = issuer.newCa("test-ca", NOW, Duration.ofDays(3650));
    CertificateIssuer.Issued serving = issuer.issue(ca, NAMES, NOW, Duration.ofDays(365));

    String bundle = Pem.certificates(List.of(serving.certificate(), ca.certificate()));
    assertThat(bundle).startsWith("-----BEGIN CERTIFICATE-----\n");
    assertThat(Pem.readCertificates(bundle))
        .containsExactly(serving.certificate(), ca.certificate());
    String keyPem = serving.keyPem();
    assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n");
    PrivateKey key = Pem.readPrivateKey(keyPem);
    assertThat(key.getEncoded()).isEqualTo(serving.key().getEncoded());
  }

  @Test
  void readsTheTraditionalKeyFormatsCertManagerMayWrite() throws Exception {
    for (String algorithm : List.of("RSA", "EC")) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
      KeyPair pair = generator.generateKeyPair();
      StringWriter pem = new StringWriter();
      if (algorithm.equals("RSA")) {
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
          writer.writeObject(pair); // PKCS#1 "RSA PRIVATE KEY"
        }
      } else {
        // SEC1 "EC PRIVATE KEY" with the named curve, as openssl and Go write it
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        ECPrivateKey sec1 = ECPrivateKey.getInstance(info.parsePrivateKey());
        ECPrivateKey named =
            new ECPrivateKey(256, sec1.getKey(), info.getPrivateKeyAlgorithm().getParameters());
        try (PemWriter writer = new PemWriter(pem)) {
          writer.writeObject(new PemObject("EC PRIVATE KEY", named.getEncoded()));
        }
      }
      assertThat(pem.toString()).contains("BEGIN " + algorithm + " PRIVATE KEY");

      PrivateKey key = Pem.readPrivateKey(pem.toString());

      assertThat(TlsMaterial.matches(key, pair.getPublic())).as(algorithm).isTrue();
    }
  }

  @Test
  void unreadableKeysFailWithoutQuotingTheInput() {
    String garbage = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXZhbHVl\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Pem.readPrivateKey(garbage))
        .hasMessageNotContaining("c2VjcmV0")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void materialReadsSecretDataAndNeverPrintsKeys() {
    CertificateIssuer.Issued ca = issuer.newCa("test-ca", NOW, Duration.ofDays(3650));
    CertificateIssuer.Issued serving = issuer.issue(ca, NAMES, NOW, Duration.ofDays(365));
    TlsMaterial material =
        TlsMaterial.EMPTY.withCa(ca, List.of(ca.certificate())).withServing(serving);

    Map<String, String> data = material.toSecretData();
    TlsMaterial read = TlsMaterial.fromSecretData(data);

    assertThat(data).containsOnlyKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    assertThat(read.serving().orElseThrow().certificate()).isEqualTo(serving.certificate());
    assertThat(read.ca().orElseThrow().certificate()).isEqualTo(ca.certificate());
    assertThat(read.servable(NOW)).isTrue();
    assertThat(read.servable(NOW.plus(Duration.ofDays(366)))).isFalse();
    assertThat(read.toString())
        .doesNotContain("PRIVATE KEY")
        .doesNotContain(data.get("tls.key"))
        .doesNotContain(data.get("ca.key"))
        .contains("kaito-operator.kaito-system.svc");
  }

  @Test
  void mismatchedCertificateAndKeyAreNotServable() {
    CertificateIssuer.Issued ca = issuer.newCa("test-ca", NOW, Duration.ofDays(3650));
    CertificateIssuer.Issued a = issuer.issue(ca, NAMES, NOW, Duration.ofDays(365));
    CertificateIssuer.Issued b = issuer.issue(ca, NAMES, NOW, Duration.ofDays(365));
    TlsMaterial mixed = new TlsMaterial(null, null, a.certificatePem(), b.keyPem());

    assertThat(mixed.serving()).isEmpty();
    assertThat(mixed.servable(NOW)).isFalse();
  }

  @Test
  void modeNamesAreTheSettingsValues() {
    assertThat(CertificateMode.parse("self-managed")).isEqualTo(CertificateMode.SELF_MANAGED);
    assertThat(CertificateMode.parse(" Cert-Manager ")).isEqualTo(CertificateMode.CERT_MANAGER);
    assertThat(CertificateMode.parse("files")).isEqualTo(CertificateMode.FILES);
    assertThatThrownBy(() -> CertificateMode.parse("olm"))
        .hasMessage(
            "kaito.webhook.certificates 'olm' is not one of: self-managed, cert-manager, files");
  }

  @Test
  void settingsRefuseARenewalWindowThatWouldRotateForever() {
    assertThatThrownBy(
            () ->
                new CertificateSettings(
                    "ns",
                    "s",
                    "svc",
                    "cfg",
                    Duration.ofDays(30),
                    Duration.ofDays(30),
                    Duration.ofDays(3650)))
        .hasMessageContaining("renew-before");
    assertThatThrownBy(
            () ->
                new CertificateSettings(
                    "ns",
                    "s",
                    "svc",
                    "cfg",
                    Duration.ofDays(365),
                    Duration.ofDays(30),
                    Duration.ofDays(300)))
        .hasMessageContaining("ca-validity");
  }
}
