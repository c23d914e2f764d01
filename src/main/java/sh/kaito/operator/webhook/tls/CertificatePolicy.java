package sh.kaito.operator.webhook.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * When the self-managed CA or serving certificate must be replaced. Each check returns the reason,
 * or empty when what the Secret holds can stay; nothing here touches the cluster.
 */
public final class CertificatePolicy {
  /** A certificate that starts this little in the future is accepted (clock skew). */
  static final Duration SKEW = Duration.ofMinutes(5);

  private final CertificateSettings settings;

  public CertificatePolicy(CertificateSettings settings) {
    this.settings = settings;
  }

  /** Why the CA must be replaced at {@code now}, or empty. */
  public Optional<String> caProblem(TlsMaterial material, Instant now) {
    Optional<CertificateIssuer.Issued> ca = material.ca();
    if (ca.isEmpty()) {
      return Optional.of(
          material.caCrt() == null && !material.hasCaKey()
              ? "there is no CA yet"
              : "the CA certificate and key are missing, unreadable or do not match");
    }
    X509Certificate cert = ca.get().certificate();
    if (cert.getBasicConstraints() < 0) {
      return Optional.of("the first certificate of ca.crt is not a CA");
    }
    if (cert.getNotBefore().toInstant().isAfter(now.plus(SKEW))) {
      return Optional.of("the CA is not valid yet");
    }
    Instant notAfter = cert.getNotAfter().toInstant();
    if (Duration.between(now, notAfter).compareTo(settings.caRenewBefore()) < 0) {
      return Optional.of("the CA expires at " + notAfter);
    }
    return Optional.empty();
  }

  /** Why the serving certificate must be replaced at {@code now}, or empty. */
  public Optional<String> servingProblem(TlsMaterial material, Instant now) {
    Optional<CertificateIssuer.Issued> serving = material.serving();
    if (serving.isEmpty()) {
      return Optional.of(
          material.tlsCrt() == null
              ? "there is no serving certificate yet"
              : "the serving certificate and key are unreadable or do not match");
    }
    X509Certificate cert = serving.get().certificate();
    Optional<CertificateIssuer.Issued> ca = material.ca();
    if (ca.isEmpty() || !signedBy(cert, ca.get().certificate())) {
      return Optional.of("the serving certificate was not issued by the current CA");
    }
    List<String> missing = new ArrayList<>(settings.dnsNames());
    missing.removeAll(dnsNames(cert));
    if (!missing.isEmpty()) {
      return Optional.of("the serving certificate does not cover " + String.join(", ", missing));
    }
    if (cert.getNotBefore().toInstant().isAfter(now.plus(SKEW))) {
      return Optional.of("the serving certificate is not valid yet");
    }
    Instant notAfter = cert.getNotAfter().toInstant();
    if (Duration.between(now, notAfter).compareTo(settings.renewBefore()) < 0) {
      return Optional.of("the serving certificate expires at " + notAfter);
    }
    return Optional.empty();
  }

  static boolean signedBy(X509Certificate cert, X509Certificate ca) {
    try {
      cert.verify(ca.getPublicKey());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The DNS names in a certificate's subjectAltName extension. */
  public static List<String> dnsNames(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable names
    }
    return names;
  }
}
