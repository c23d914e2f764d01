package sh.kaito.operator.webhook.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The certificate this replica's HTTPS server serves: the PEM files Quarkus reads ({@code
 * quarkus.http.ssl.certificate.files} and {@code key-files}, on a writable emptyDir), replaced
 * atomically, followed by a reload of the server's TLS options. Until the Secret holds a usable
 * certificate the files hold a throwaway placeholder, so the server can start, and the replica
 * reports not ready.
 */
public final class ServedCertificate {
  private static final Logger LOG = Logger.getLogger(ServedCertificate.class);

  private final Path certFile;
  private final Path keyFile;
  private final Runnable reload;
  private volatile String fingerprint;
  private volatile X509Certificate served;

  /**
   * @param reload makes the HTTPS server read the files again (and fails if it could not)
   */
  public ServedCertificate(Path certFile, Path keyFile, Runnable reload) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.reload = reload;
  }

  /** Writes a throwaway self-signed certificate, unless a real one is already served. */
  public synchronized void servePlaceholder(
      CertificateIssuer issuer, List<String> dnsNames, Instant now) {
    if (served != null) {
      return;
    }
    CertificateIssuer.Issued placeholder = issuer.placeholder(dnsNames, now);
    write(placeholder.certificatePem(), placeholder.keyPem());
    LOG.info(
        "the webhook's certificate is not available yet: serving a placeholder, not ready until"
            + " the Secret holds a certificate");
  }

  /**
   * Serves the material's certificate if it is servable and not already served; returns whether the
   * files changed.
   */
  public synchronized boolean serve(TlsMaterial material, Instant now) {
    if (!material.servable(now)) {
      return false;
    }
    CertificateIssuer.Issued serving = material.serving().orElseThrow();
    String next = TlsMaterial.fingerprint(serving.certificate());
    if (next.equals(fingerprint)) {
      return false;
    }
    write(material.tlsCrt(), material.tlsKey());
    reload.run();
    fingerprint = next;
    served = serving.certificate();
    LOG.infof(
        "serving the webhook certificate %s (sha256 %s, valid until %s)",
        served.getSubjectX500Principal().getName(),
        next.substring(0, 16),
        served.getNotAfter().toInstant());
    return true;
  }

  /** Whether a real (not placeholder) certificate that is still valid is being served. */
  public boolean ready(Instant now) {
    X509Certificate s = served;
    return s != null && now.isBefore(s.getNotAfter().toInstant());
  }

  /** The real certificate being served, if any. */
  public Optional<X509Certificate> current() {
    return Optional.ofNullable(served);
  }

  private void write(String certPem, String keyPem) {
    try {
      // Key first: a reload between the two writes fails and keeps the previous pair.
      replace(keyFile, keyPem);
      replace(certFile, certPem);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the webhook certificate to " + certFile.getParent(), e);
    }
  }

  private static void replace(Path target, String content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp;
    try {
      tmp =
          Files.createTempFile(
              dir,
              ".kaito-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(dir, ".kaito-", ".tmp");
    }
    try {
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
