package sh.kaito.operator.webhook.tls;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * The webhook certificate in the cluster: the Secret and the caBundle of the
 * ValidatingWebhookConfiguration. {@link #reconcile()} is what the leader runs in self-managed
 * mode; {@link #read()} is what every replica runs.
 *
 * <p>The order of writes keeps a running webhook working. A new CA is stored in the Secret first,
 * with the previous CAs still in {@code ca.crt}; then the caBundle is set to {@code ca.crt}; only
 * then is a serving certificate signed by the new CA written, so no replica serves a certificate
 * that the API server does not trust yet, and a replica that still serves the previous one stays
 * trusted. A first install (no servable certificate) writes CA and serving certificate at once.
 * Secret updates carry the resourceVersion they were computed from: a concurrent writer makes the
 * update fail instead of being overwritten. Nothing is written when nothing needs to change.
 */
public final class WebhookCertificates {
  public static final String INJECT_CA_FROM = "cert-manager.io/inject-ca-from";

  /** The cert-manager Certificate in {@code deploy/cert-manager.yaml}. */
  public static final String CERT_MANAGER_CERTIFICATE = "kaito-operator-webhook";

  private static final Logger LOG = Logger.getLogger(WebhookCertificates.class);

  private final KubernetesClient client;
  private final CertificateSettings settings;
  private final CertificatePolicy policy;
  private final CertificateIssuer issuer;
  private final Clock clock;
  private volatile boolean warnedMissingConfiguration;

  /** The outcome of a reconcile: what the Secret holds now, and what was changed. */
  public record Reconciled(TlsMaterial material, List<String> changes) {}

  public WebhookCertificates(
      KubernetesClient client,
      CertificateSettings settings,
      CertificateIssuer issuer,
      Clock clock) {
    this.client = client;
    this.settings = settings;
    this.policy = new CertificatePolicy(settings);
    this.issuer = issuer;
    this.clock = clock;
  }

  public CertificateSettings settings() {
    return settings;
  }

  /** What the Secret holds; {@link TlsMaterial#EMPTY} when it does not exist. */
  public TlsMaterial read() {
    Secret secret = secret().get();
    return secret == null ? TlsMaterial.EMPTY : TlsMaterial.fromSecretData(secret.getData());
  }

  /**
   * Self-managed mode, on the leader: creates or renews the CA and the serving certificate as
   * needed and keeps the caBundle equal to {@code ca.crt}.
   */
  public Reconciled reconcile() {
    Instant now = clock.instant();
    Secret secret = secret().get();
    TlsMaterial material =
        secret == null ? TlsMaterial.EMPTY : TlsMaterial.fromSecretData(secret.getData());
    List<String> changes = new ArrayList<>();

    boolean caStored = true;
    Optional<String> caProblem = policy.caProblem(material, now);
    if (caProblem.isPresent()) {
      CertificateIssuer.Issued ca =
          issuer.newCa(
              "kaito-operator-webhook-ca@" + now.getEpochSecond(), now, settings.caValidity());
      material = material.withCa(ca, bundle(ca.certificate(), material, now));
      LOG.infof(
          "issuing a new webhook CA (valid until %s): %s",
          ca.certificate().getNotAfter().toInstant(), caProblem.get());
      if (material.servable(now)) {
        // A replica may be serving the current certificate: the new CA goes into the Secret and
        // the caBundle before anything is signed by it.
        secret = write(secret, material);
        changes.add("CA");
      } else {
        caStored = false;
      }
    }
    if (caStored && ensureCaBundle(material.caCrt())) {
      changes.add("caBundle");
    }
    Optional<String> servingProblem = policy.servingProblem(material, now);
    if (servingProblem.isPresent()) {
      CertificateIssuer.Issued ca = material.ca().orElseThrow();
      CertificateIssuer.Issued serving =
          issuer.issue(ca, settings.dnsNames(), now, settings.validity());
      material = material.withServing(serving);
      LOG.infof(
          "issuing a new webhook serving certificate for %s (valid until %s): %s",
          settings.dnsNames(),
          serving.certificate().getNotAfter().toInstant(),
          servingProblem.get());
      secret = write(secret, material);
      changes.add(caStored ? "serving certificate" : "CA and serving certificate");
      if (ensureCaBundle(material.caCrt())) {
        changes.add("caBundle");
      }
    }
    return new Reconciled(material, List.copyOf(changes));
  }

  /** {@code ca.crt} after a CA renewal: the new CA, then the previous CAs still valid. */
  private static List<X509Certificate> bundle(
      X509Certificate newCa, TlsMaterial material, Instant now) {
    List<X509Certificate> bundle = new ArrayList<>();
    bundle.add(newCa);
    for (X509Certificate previous : material.caCertificates()) {
      if (now.isBefore(previous.getNotAfter().toInstant()) && !previous.equals(newCa)) {
        bundle.add(previous);
      }
    }
    return bundle;
  }

  /**
   * Sets the caBundle of every webhook in the configuration to {@code caPem} and removes
   * cert-manager's injection annotation (the two would fight); returns whether it patched.
   */
  public boolean ensureCaBundle(String caPem) {
    Resource<ValidatingWebhookConfiguration> resource = configuration();
    ValidatingWebhookConfiguration current = resource.get();
    if (current == null) {
      warnMissingConfiguration();
      return false;
    }
    String caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    boolean annotated = annotations(current).containsKey(INJECT_CA_FROM);
    boolean stale =
        current.getWebhooks().stream()
            .anyMatch(w -> w.getClientConfig() == null || !caBundle.equals(caBundleOf(w)));
    if (!annotated && !stale) {
      return false;
    }
    resource.edit(
        c -> {
          if (c.getMetadata().getAnnotations() != null) {
            c.getMetadata().getAnnotations().remove(INJECT_CA_FROM);
          }
          for (ValidatingWebhook w : c.getWebhooks()) {
            if (w.getClientConfig() != null) {
              w.getClientConfig().setCaBundle(caBundle);
            }
          }
          return c;
        });
    LOG.infof(
        "set the caBundle of ValidatingWebhookConfiguration %s (%d CA certificate(s))",
        settings.configurationName(), count(caPem));
    return true;
  }

  /**
   * cert-manager mode, on the leader: makes sure cert-manager's CA injector fills the caBundle from
   * the Certificate in {@code deploy/cert-manager.yaml}; returns whether it patched.
   */
  public boolean ensureCertManagerInjection() {
    Resource<ValidatingWebhookConfiguration> resource = configuration();
    ValidatingWebhookConfiguration current = resource.get();
    if (current == null) {
      warnMissingConfiguration();
      return false;
    }
    String wanted = settings.namespace() + "/" + CERT_MANAGER_CERTIFICATE;
    if (wanted.equals(annotations(current).get(INJECT_CA_FROM))) {
      return false;
    }
    resource.edit(
        c -> {
          Map<String, String> annotations =
              c.getMetadata().getAnnotations() == null
                  ? new LinkedHashMap<>()
                  : new LinkedHashMap<>(c.getMetadata().getAnnotations());
          annotations.put(INJECT_CA_FROM, wanted);
          c.getMetadata().setAnnotations(annotations);
          return c;
        });
    LOG.infof(
        "annotated ValidatingWebhookConfiguration %s for cert-manager's CA injector (%s)",
        settings.configurationName(), wanted);
    return true;
  }

  private Secret write(Secret current, TlsMaterial material) {
    if (current == null) {
      Secret created =
          new SecretBuilder()
              .withNewMetadata()
              .withName(settings.secretName())
              .withNamespace(settings.namespace())
              .addToLabels("app.kubernetes.io/name", settings.serviceName())
              .addToLabels("app.kubernetes.io/part-of", "kaito")
              .addToLabels("app.kubernetes.io/component", "webhook-certificate")
              .endMetadata()
              .withType("kubernetes.io/tls")
              .withData(material.toSecretData())
              .build();
      return client.secrets().inNamespace(settings.namespace()).resource(created).create();
    }
    Map<String, String> data =
        current.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(current.getData());
    data.putAll(material.toSecretData());
    Secret updated = new SecretBuilder(current).withData(data).withStringData(null).build();
    // Carries current's resourceVersion: if another replica wrote in between, this fails (409).
    return client.secrets().inNamespace(settings.namespace()).resource(updated).update();
  }

  private Resource<Secret> secret() {
    return client.secrets().inNamespace(settings.namespace()).withName(settings.secretName());
  }

  private Resource<ValidatingWebhookConfiguration> configuration() {
    return client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(settings.configurationName());
  }

  private void warnMissingConfiguration() {
    if (!warnedMissingConfiguration) {
      warnedMissingConfiguration = true;
      LOG.warnf(
          "ValidatingWebhookConfiguration %s does not exist: its caBundle cannot be set (apply"
              + " deploy/operator.yaml)",
          settings.configurationName());
    }
  }

  private static Map<String, String> annotations(ValidatingWebhookConfiguration c) {
    return c.getMetadata().getAnnotations() == null ? Map.of() : c.getMetadata().getAnnotations();
  }

  private static String caBundleOf(ValidatingWebhook w) {
    return Objects.toString(w.getClientConfig().getCaBundle(), "");
  }

  private static int count(String pem) {
    return pem.split("-----BEGIN CERTIFICATE-----", -1).length - 1;
  }
}
