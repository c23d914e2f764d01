package sh.kaito.operator.leader;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The operator as it runs in a cluster with two replicas, in the test JVM: leader election on (it
 * is on only in {@code prod} otherwise), self-managed webhook certificates, HTTPS on a random port.
 * The other replica is played by the test, through the Lease.
 */
public class HighAvailabilityProfile implements QuarkusTestProfile {
  static final String TLS_DIR = "target/ha-test/webhook-tls";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("quarkus.operator-sdk.activate-leader-election-for-profiles", "test"),
        // Losing the Lease at shutdown must not exit the test JVM.
        Map.entry("kaito.leader-election.exit-on-stop-leading", "false"),
        Map.entry("kaito.leader-election.lease-duration", "4s"),
        Map.entry("kaito.leader-election.renew-deadline", "3s"),
        Map.entry("kaito.leader-election.retry-period", "500ms"),
        Map.entry("kaito.webhook.certificates", "self-managed"),
        Map.entry("quarkus.http.ssl.certificate.files", TLS_DIR + "/tls.crt"),
        Map.entry("quarkus.http.ssl.certificate.key-files", TLS_DIR + "/tls.key"),
        Map.entry("quarkus.http.ssl.certificate.reload-period", "30s"),
        Map.entry("quarkus.http.test-ssl-port", "0"),
        Map.entry("quarkus.http.insecure-requests", "enabled"));
  }
}
