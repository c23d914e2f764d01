package sh.kaito.operator.webhook.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the webhook's certificates with BouncyCastle's builders and the JDK's crypto (ECDSA P-256,
 * SHA-256): a self-signed CA, and serving certificates signed by it for the Service's DNS names. No
 * security provider is registered.
 */
public final class CertificateIssuer {
  /** Serving certificates start this much before "now", for clocks that are slightly behind. */
  static final Duration BACKDATE = Duration.ofHours(1);

  private static final String SIGNATURE = "SHA256withECDSA";
  private static final String ORGANIZATION = "kaito";

  private final SecureRandom random = new SecureRandom();

  /** A certificate and its private key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {
    public String certificatePem() {
      return Pem.certificate(certificate);
    }

    public String keyPem() {
      return Pem.privateKey(key);
    }
  }

  /** A self-signed CA, valid from {@code now} (backdated) for {@code validity}. */
  public Issued newCa(String commonName, Instant now, Duration validity) {
    try {
      KeyPair keys = keyPair();
      X500Name name = name(commonName);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              serial(),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(validity)),
              name,
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new Issued(sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a CA certificate", e);
    }
  }

  /** A serving certificate for {@code dnsNames} signed by {@code ca}; it never outlives the CA. */
  public Issued issue(Issued ca, List<String> dnsNames, Instant now, Duration validity) {
    try {
      KeyPair keys = keyPair();
      Instant notAfter = now.plus(validity);
      Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
      if (notAfter.isAfter(caNotAfter)) {
        notAfter = caNotAfter;
      }
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              ca.certificate(),
              serial(),
              Date.from(now.minus(BACKDATE)),
              Date.from(notAfter),
              name(dnsNames.get(0)),
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              dnsNames.stream()
                  .map(d -> new GeneralName(GeneralName.dNSName, d))
                  .toArray(GeneralName[]::new)));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(ca.certificate()));
      return new Issued(sign(builder, ca.key()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a serving certificate", e);
    }
  }

  /**
   * A throwaway self-signed certificate for {@code dnsNames}, for the HTTPS server to start with
   * before the real one is available. Nothing trusts it.
   */
  public Issued placeholder(List<String> dnsNames, Instant now) {
    Issued ca = newCa("kaito-operator-placeholder", now, Duration.ofDays(1));
    return issue(ca, dnsNames, now, Duration.ofDays(1));
  }

  private KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  private BigInteger serial() {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, ORGANIZATION)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
  }
}
