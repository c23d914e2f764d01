package sh.kaito.operator.webhook.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServedCertificateTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final List<String> NAMES = List.of("kaito-operator.kaito-system.svc");

  @TempDir Path dir;

  private final CertificateIssuer issuer = new CertificateIssuer();
  private final AtomicInteger reloads = new AtomicInteger();

  private ServedCertificate served() {
    return new ServedCertificate(
        dir.resolve("tls/tls.crt"), dir.resolve("tls/tls.key"), reloads::incrementAndGet);
  }

  private TlsMaterial material(CertificateIssuer.Issued ca, Duration validity) {
    return TlsMaterial.EMPTY
        .withCa(ca, List.of(ca.certificate()))
        .withServing(issuer.issue(ca, NAMES, NOW, validity));
  }

  @Test
  void placeholderLetsTheServerStartButIsNotReady() throws Exception {
    ServedCertificate served = served();

    served.servePlaceholder(issuer, NAMES, NOW);

    TlsMaterial files =
        new TlsMaterial(
            null,
            null,
            Files.readString(dir.resolve("tls/tls.crt")),
            Files.readString(dir.resolve("tls/tls.key")));
    assertThat(files.servable(NOW)).isTrue();
    assertThat(served.ready(NOW)).isFalse();
    assertThat(served.current()).isEmpty();
  }

  @Test
  void servesTheSecretsCertificateOnceAndReloadsTheServer() throws Exception {
    ServedCertificate served = served();
    served.servePlaceholder(issuer, NAMES, NOW);
    CertificateIssuer.Issued ca = issuer.newCa("ca", NOW, Duration.ofDays(3650));
    TlsMaterial material = material(ca, Duration.ofDays(365));

    assertThat(served.serve(material, NOW)).isTrue();
    assertThat(served.serve(material, NOW.plusSeconds(60))).as("same certificate").isFalse();

    assertThat(reloads).hasValue(1);
    assertThat(served.ready(NOW)).isTrue();
    assertThat(served.current()).contains(material.serving().orElseThrow().certificate());
    assertThat(Files.readString(dir.resolve("tls/tls.crt"))).isEqualTo(material.tlsCrt());
    assertThat(Files.readString(dir.resolve("tls/tls.key"))).isEqualTo(material.tlsKey());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("tls/tls.key"))))
        .isEqualTo("rw-------");
    try (var leftovers = Files.list(dir.resolve("tls"))) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("tls.crt", "tls.key");
    }

    TlsMaterial renewed = material(ca, Duration.ofDays(365));
    assertThat(served.serve(renewed, NOW)).isTrue();
    assertThat(reloads).hasValue(2);
    assertThat(Files.readString(dir.resolve("tls/tls.crt"))).isEqualTo(renewed.tlsCrt());

    served.servePlaceholder(issuer, NAMES, NOW);
    assertThat(Files.readString(dir.resolve("tls/tls.crt")))
        .as("a placeholder never replaces a real certificate")
        .isEqualTo(renewed.tlsCrt());
  }

  @Test
  void nothingUnservableIsWritten() throws Exception {
    ServedCertificate served = served();
    served.servePlaceholder(issuer, NAMES, NOW);
    String placeholder = Files.readString(dir.resolve("tls/tls.crt"));
    CertificateIssuer.Issued ca = issuer.newCa("ca", NOW, Duration.ofDays(3650));
    TlsMaterial expired = material(ca, Duration.ofDays(1));

    assertThat(served.serve(expired, NOW.plus(Duration.ofDays(2)))).isFalse();
    assertThat(served.serve(TlsMaterial.EMPTY, NOW)).isFalse();

    assertThat(reloads).hasValue(0);
    assertThat(Files.readString(dir.resolve("tls/tls.crt"))).isEqualTo(placeholder);
    assertThat(served.ready(NOW)).isFalse();
  }

  @Test
  void aServedCertificateIsNoLongerReadyOnceItExpires() {
    ServedCertificate served = served();
    CertificateIssuer.Issued ca = issuer.newCa("ca", NOW, Duration.ofDays(3650));

    served.serve(material(ca, Duration.ofDays(10)), NOW);

    assertThat(served.ready(NOW.plus(Duration.ofDays(9)))).isTrue();
    assertThat(served.ready(NOW.plus(Duration.ofDays(10)))).isFalse();
  }
}
