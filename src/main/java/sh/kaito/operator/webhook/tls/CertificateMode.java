package sh.kaito.operator.webhook.tls;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the webhook's serving certificate comes from ({@code kaito.webhook.certificates}). */
public enum CertificateMode {
  /**
   * The operator issues a CA and a serving certificate into the Secret, rotates them, and patches
   * the caBundle of its ValidatingWebhookConfiguration. Needs nothing else in the cluster.
   */
  SELF_MANAGED("self-managed"),
  /**
   * cert-manager issues the certificate into the Secret ({@code deploy/cert-manager.yaml}) and its
   * CA injector fills the caBundle; the operator only serves what the Secret holds.
   */
  CERT_MANAGER("cert-manager"),
  /**
   * Someone else mounts the certificate where {@code quarkus.http.ssl.certificate.files} points and
   * keeps the caBundle (OLM); the operator touches neither Secret nor webhook configuration.
   */
  FILES("files");

  private final String value;

  CertificateMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static CertificateMode parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (CertificateMode m : values()) {
      if (m.value.equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "kaito.webhook.certificates '"
            + value
            + "' is not one of: "
            + Arrays.stream(values())
                .map(CertificateMode::value)
                .collect(Collectors.joining(", ")));
  }
}
