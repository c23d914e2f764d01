package sh.kaito.operator.webhook.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webhook's TLS material as the Secret holds it, as PEM text: {@code tls.crt}, {@code tls.key}
 * (the serving certificate), {@code ca.crt} (the CAs the webhook configuration trusts, newest
 * first) and, in self-managed mode, {@code ca.key}. Any part may be missing or unreadable; the
 * accessors then return empty. {@link #toString()} never shows keys.
 */
public final class TlsMaterial {
  public static final String TLS_CRT = "tls.crt";
  public static final String TLS_KEY = "tls.key";
  public static final String CA_CRT = "ca.crt";
  public static final String CA_KEY = "ca.key";

  public static final TlsMaterial EMPTY = new TlsMaterial(null, null, null, null);

  private final String caCrt;
  private final String caKey;
  private final String tlsCrt;
  private final String tlsKey;

  public TlsMaterial(String caCrt, String caKey, String tlsCrt, String tlsKey) {
    this.caCrt = caCrt;
    this.caKey = caKey;
    this.tlsCrt = tlsCrt;
    this.tlsKey = tlsKey;
  }

  /** From a Secret's {@code data} (base64 values); null or absent keys stay missing. */
  public static TlsMaterial fromSecretData(Map<String, String> data) {
    if (data == null) {
      return EMPTY;
    }
    return new TlsMaterial(
        decode(data.get(CA_CRT)),
        decode(data.get(CA_KEY)),
        decode(data.get(TLS_CRT)),
        decode(data.get(TLS_KEY)));
  }

  /** The keys this material sets, as a Secret's {@code data} (base64 values). */
  public Map<String, String> toSecretData() {
    Map<String, String> data = new LinkedHashMap<>();
    put(data, CA_CRT, caCrt);
    put(data, CA_KEY, caKey);
    put(data, TLS_CRT, tlsCrt);
    put(data, TLS_KEY, tlsKey);
    return data;
  }

  public String caCrt() {
    return caCrt;
  }

  public String tlsCrt() {
    return tlsCrt;
  }

  public String tlsKey() {
    return tlsKey;
  }

  boolean hasCaKey() {
    return caKey != null && !caKey.isBlank();
  }

  /** The CA certificates of {@code ca.crt}; empty when missing or unreadable. */
  public List<X509Certificate> caCertificates() {
    try {
      return Pem.readCertificates(caCrt);
    } catch (GeneralSecurityException e) {
      return List.of();
    }
  }

  /** The signing CA: the first certificate of {@code ca.crt} with {@code ca.key}, if they match. */
  public Optional<CertificateIssuer.Issued> ca() {
    return pair(caCrt, caKey);
  }

  /** The serving certificate (the first of {@code tls.crt}) with its key, if they match. */
  public Optional<CertificateIssuer.Issued> serving() {
    return pair(tlsCrt, tlsKey);
  }

  /** Whether the serving certificate can be served at {@code now}: readable, matching, valid. */
  public boolean servable(Instant now) {
    return serving().map(s -> validAt(s.certificate(), now)).orElse(false);
  }

  /** A copy with a new signing CA; {@code ca.crt} becomes {@code bundle} (the CA first). */
  public TlsMaterial withCa(CertificateIssuer.Issued ca, List<X509Certificate> bundle) {
    return new TlsMaterial(Pem.certificates(bundle), ca.keyPem(), tlsCrt, tlsKey);
  }

  /** A copy with a new serving certificate. */
  public TlsMaterial withServing(CertificateIssuer.Issued serving) {
    return new TlsMaterial(caCrt, caKey, serving.certificatePem(), serving.keyPem());
  }

  /** SHA-256 of the serving certificate's DER encoding, or empty if there is none. */
  public Optional<String> servingFingerprint() {
    return serving().map(s -> fingerprint(s.certificate()));
  }

  public static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean validAt(X509Certificate certificate, Instant now) {
    return !now.isBefore(certificate.getNotBefore().toInstant())
        && now.isBefore(certificate.getNotAfter().toInstant());
  }

  /** Whether {@code key} is the private half of {@code publicKey}: sign, then verify. */
  static boolean matches(PrivateKey key, PublicKey publicKey) {
    try {
      String algorithm =
          switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new GeneralSecurityException("unsupported key " + key.getAlgorithm());
          };
      byte[] probe = "kaito-webhook-key-check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static Optional<CertificateIssuer.Issued> pair(String certPem, String keyPem) {
    try {
      List<X509Certificate> certs = Pem.readCertificates(certPem);
      if (certs.isEmpty()) {
        return Optional.empty();
      }
      PrivateKey key = Pem.readPrivateKey(keyPem);
      X509Certificate cert = certs.get(0);
      return matches(key, cert.getPublicKey())
          ? Optional.of(new CertificateIssuer.Issued(cert, key))
          : Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static String decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void put(Map<String, String> data, String key, String pem) {
    if (pem != null) {
      data.put(key, Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  @Override
  public String toString() {
    String serving;
    try {
      serving = serving().map(s -> s.certificate().getSubjectX500Principal().getName()).orElse("-");
    } catch (RuntimeException e) {
      serving = "?";
    }
    return "TlsMaterial[serving=" + serving + ", cas=" + caCertificates().size() + "]";
  }
}
