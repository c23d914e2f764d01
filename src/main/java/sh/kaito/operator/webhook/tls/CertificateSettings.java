package sh.kaito.operator.webhook.tls;

import java.time.Duration;
import java.util.List;

import sh.kaito.operator.config.KaitoConfig;

/**
 * What the self-managed certificates are for and how long they live.
 *
 * @param namespace the operator's namespace (Secret and Service)
 * @param secretName the Secret holding {@code tls.crt}, {@code tls.key}, {@code ca.crt}
 * @param serviceName the Service in front of the webhook
 * @param configurationName the ValidatingWebhookConfiguration whose caBundle is kept
 * @param validity validity of a serving certificate
 * @param renewBefore a serving certificate is renewed when less than this remains
 * @param caValidity validity of the CA
 */
public record CertificateSettings(
    String namespace,
    String secretName,
    String serviceName,
    String configurationName,
    Duration validity,
    Duration renewBefore,
    Duration caValidity) {

  public CertificateSettings {
    if (validity.isNegative() || validity.isZero() || renewBefore.isNegative()) {
      throw new IllegalArgumentException(
          "kaito.webhook.certificate-validity must be positive and kaito.webhook.renew-before not"
              + " negative");
    }
    if (renewBefore.compareTo(validity) >= 0) {
      throw new IllegalArgumentException(
          "kaito.webhook.renew-before ("
              + renewBefore
              + ") must be shorter than kaito.webhook.certificate-validity ("
              + validity
              + ")");
    }
    if (caValidity.compareTo(caRenewBefore(validity, renewBefore)) <= 0) {
      throw new IllegalArgumentException(
          "kaito.webhook.ca-validity ("
              + caValidity
              + ") must be longer than certificate-validity plus renew-before ("
              + caRenewBefore(validity, renewBefore)
              + ")");
    }
  }

  public static CertificateSettings from(KaitoConfig config) {
    KaitoConfig.Webhook w = config.webhook();
    return new CertificateSettings(
        config.operatorNamespace(),
        w.secretName(),
        w.serviceName(),
        w.configurationName(),
        w.certificateValidity(),
        w.renewBefore(),
        w.caValidity());
  }

  /** The names the API server uses to reach the webhook through its Service. */
  public List<String> dnsNames() {
    String svc = serviceName + "." + namespace + ".svc";
    return List.of(svc, svc + ".cluster.local");
  }

  /**
   * The CA is renewed when less than this remains, so that a serving certificate issued just before
   * never outlives it.
   */
  public Duration caRenewBefore() {
    return caRenewBefore(validity, renewBefore);
  }

  private static Duration caRenewBefore(Duration validity, Duration renewBefore) {
    return validity.plus(renewBefore);
  }
}
