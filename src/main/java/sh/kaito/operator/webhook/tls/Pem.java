package sh.kaito.operator.webhook.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM encoding and decoding of certificates and private keys. Keys are written as PKCS#8 ({@code
 * PRIVATE KEY}); PKCS#1 and SEC1 keys (as cert-manager may write them) are read too. Exceptions
 * never carry key material.
 */
public final class Pem {
  private static final Base64.Encoder MIME =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  public static String certificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot encode a certificate", e);
    }
  }

  public static String certificates(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    certificates.forEach(c -> out.append(certificate(c)));
    return out.toString();
  }

  public static String privateKey(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + MIME.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Every certificate in {@code pem}, in order; an empty list for blank input. */
  public static List<X509Certificate> readCertificates(String pem) throws GeneralSecurityException {
    List<X509Certificate> out = new ArrayList<>();
    if (pem == null || pem.isBlank()) {
      return out;
    }
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (var c :
        factory.generateCertificates(
            new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      out.add((X509Certificate) c);
    }
    return out;
  }

  /** The first private key in {@code pem}. */
  public static PrivateKey readPrivateKey(String pem) throws GeneralSecurityException {
    if (pem == null || pem.isBlank()) {
      throw new GeneralSecurityException("no private key");
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
      }
    } catch (IOException | RuntimeException e) {
      // The parser's message may quote the input: never pass it on.
      throw new GeneralSecurityException(
          "the private key is not valid PEM (" + e.getClass().getSimpleName() + ")");
    }
    throw new GeneralSecurityException("no private key in the PEM data");
  }
}
