package sh.kaito.operator.webhook.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.options.TlsCertificateReloader;

import sh.kaito.operator.config.KaitoConfig;
import sh.kaito.operator.leader.LeaderOnly;

/**
 * Keeps the webhook's HTTPS server serving the current certificate, and in self-managed mode (on
 * the leader only) keeps the certificate itself current.
 *
 * <ul>
 *   <li>At start-up, before the HTTPS server opens, the certificate in the Secret is written to the
 *       files Quarkus reads; without one, a placeholder (the replica is not ready).
 *   <li>Every {@code kaito.webhook.check-interval} (every 5 s while not ready) and when this
 *       replica becomes the leader: the leader issues, renews and stores the certificate and
 *       patches the caBundle ({@code self-managed}) or makes sure cert-manager injects it ({@code
 *       cert-manager}); every replica reads the Secret and serves what it holds.
 *   <li>{@code files}: nothing; Quarkus reads the mounted files and reloads them itself.
 * </ul>
 */
@ApplicationScoped
public class WebhookCertificateManager {
  private static final Logger LOG = Logger.getLogger(WebhookCertificateManager.class);
  static final Duration NOT_READY_RETRY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final KaitoConfig config;
  private final LeaderOnly leader;
  private final Clock clock;
  private final Optional<List<String>> certFiles;
  private final Optional<List<String>> keyFiles;
  private final CertificateIssuer issuer = new CertificateIssuer();

  private volatile CertificateMode mode;
  private volatile WebhookCertificates certificates;
  private volatile ServedCertificate served;
  private volatile Duration interval;
  private volatile ScheduledExecutorService executor;

  public WebhookCertificateManager(
      KubernetesClient client,
      KaitoConfig config,
      LeaderOnly leader,
      Clock clock,
      @ConfigProperty(name = "quarkus.http.ssl.certificate.files") Optional<List<String>> certFiles,
      @ConfigProperty(name = "quarkus.http.ssl.certificate.key-files")
          Optional<List<String>> keyFiles) {
    this.client = client;
    this.config = config;
    this.leader = leader;
    this.clock = clock;
    this.certFiles = certFiles;
    this.keyFiles = keyFiles;
  }

  void start(@Observes StartupEvent event) {
    mode = CertificateMode.parse(config.webhook().certificates());
    if (mode == CertificateMode.FILES) {
      LOG.infof(
          "webhook certificate: mode files, read from %s",
          certFiles.map(Object::toString).orElse("(not configured)"));
      return;
    }
    Path cert = firstPath(certFiles, "quarkus.http.ssl.certificate.files");
    Path key = firstPath(keyFiles, "quarkus.http.ssl.certificate.key-files");
    CertificateSettings settings = CertificateSettings.from(config);
    interval = config.webhook().checkInterval();
    certificates = new WebhookCertificates(client, settings, issuer, clock);
    served = new ServedCertificate(cert, key, WebhookCertificateManager::reloadHttpsServer);
    LOG.infof(
        "webhook certificate: mode %s, Secret %s/%s, files %s",
        mode.value(), settings.namespace(), settings.secretName(), cert.getParent());
    try {
      served.serve(certificates.read(), clock.instant());
    } catch (RuntimeException e) {
      LOG.warnf(
          "cannot read the webhook certificate Secret %s/%s yet: %s",
          settings.namespace(), settings.secretName(), e.getMessage());
    }
    served.servePlaceholder(issuer, settings.dnsNames(), clock.instant());
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kaito-webhook-certificates");
              t.setDaemon(true);
              return t;
            });
    executor.execute(this::tick);
    leader.whenElected(() -> executor.execute(this::check));
  }

  void stop(@Observes ShutdownEvent event) {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private void tick() {
    check();
    Duration next = served.ready(clock.instant()) ? interval : min(NOT_READY_RETRY, interval);
    if (!executor.isShutdown()) {
      executor.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** One check, on the certificate thread; tests call it to avoid waiting for the interval. */
  public CompletableFuture<Void> checkNow() {
    if (executor == null) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(this::check, executor);
  }

  private void check() {
    try {
      AtomicReference<TlsMaterial> reconciled = new AtomicReference<>();
      if (mode == CertificateMode.SELF_MANAGED) {
        leader.run(
            "webhook certificate rotation",
            () -> reconciled.set(certificates.reconcile().material()));
      } else if (mode == CertificateMode.CERT_MANAGER) {
        leader.run("cert-manager CA injection", certificates::ensureCertManagerInjection);
      }
      TlsMaterial material = reconciled.get() != null ? reconciled.get() : certificates.read();
      served.serve(material, clock.instant());
    } catch (RuntimeException e) {
      // Messages name objects and HTTP statuses, never Secret data.
      LOG.warnf("webhook certificate check failed, retrying: %s", e.getMessage());
    }
  }

  /** The certificate mode in effect. */
  public CertificateMode mode() {
    return mode;
  }

  /** Whether this replica serves a valid certificate (always true with {@code files}). */
  public boolean ready() {
    return mode == CertificateMode.FILES || (served != null && served.ready(clock.instant()));
  }

  /** The certificate being served, when the operator manages the files. */
  public Optional<X509Certificate> servedCertificate() {
    return served == null ? Optional.empty() : served.current();
  }

  /** The Kubernetes side (Secret, caBundle); null with {@code files}. */
  public WebhookCertificates certificates() {
    return certificates;
  }

  static void reloadHttpsServer() {
    try {
      TlsCertificateReloader.reload().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reloading the HTTPS certificate", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the HTTPS server did not reload its certificate", e);
    }
  }

  private static Path firstPath(Optional<List<String>> files, String property) {
    return files
        .filter(l -> !l.isEmpty())
        .map(l -> Path.of(l.get(0)))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    property
                        + " must name the file the operator writes the webhook certificate to (or"
                        + " set kaito.webhook.certificates=files)"));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
