package sh.kaito.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import sh.kaito.operator.api.v1beta1.Workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two operator processes against the real API server, as two pods of the Deployment: the one
 * holding the Lease reconciles, the other waits; when the leader stops, the other takes the Lease
 * and carries on (here: it runs the cleanup of a Workspace the first one provisioned).
 */
class HighAvailabilityE2EIT extends E2eTest {
  private static final Path PHI_4_MINI =
      Path.of("examples/inference/kaito_workspace_phi_4_mini.yaml");
  private static final String STANDBY = "e2e-operator-standby";

  /** Lease duration (15 s) plus the time to start reconciling. */
  private static final Duration TAKEOVER = Duration.ofSeconds(60);

  @Override
  String namespacePrefix() {
    return "ha";
  }

  @Test
  void theStandbyTakesTheLeaseWhenTheLeaderStopsAndCarriesOn() throws IOException {
    await("the primary operator holds the Lease")
        .atMost(TAKEOVER)
        .until(() -> E2eCluster.PRIMARY.equals(cluster.leaseHolder()));
    E2eCluster.Replica standby = cluster.startReplica(STANDBY);
    try {
      assertThat(cluster.leaseHolder()).isEqualTo(E2eCluster.PRIMARY);

      cluster.create(ns, Files.readString(PHI_4_MINI));
      String name = "workspace-phi-4-mini";
      await("Machine of " + name + " created by the leader")
          .atMost(E2eCluster.TIMEOUT)
          .until(() -> !cluster.machinesOf(ns).isEmpty());
      assertThat(
              cluster.metric(
                  standby, "kaito_reconcile_duration_seconds_count", "controller=\"workspace\""))
          .as("Workspace reconciles on the standby")
          .isZero();
      assertThat(cluster.metric("kaito_reconcile_duration_seconds_count")).isPositive();

      assertThat(cluster.stopPrimary())
          .as(
              "exit code of the leader on SIGTERM: 143 is a clean shutdown, 137 a SIGKILL after 20"
                  + " s")
          .isEqualTo(143);
      assertThat(cluster.operatorLog(0))
          .as("a leader stopped on purpose does not report a lost Lease")
          .doesNotContain("lost the leader-election Lease");
      cluster.pointWebhookAt(standby.httpsPort());
      await("the standby takes the Lease")
          .atMost(TAKEOVER)
          .until(() -> STANDBY.equals(cluster.leaseHolder()));

      // Only a leader removes the finalizer, after deleting the Workspace's Machines.
      client.resources(Workspace.class).inNamespace(ns).withName(name).delete();
      await("Workspace and Machines gone under the new leader")
          .atMost(E2eCluster.CLEANUP_TIMEOUT)
          .until(
              () ->
                  client.resources(Workspace.class).inNamespace(ns).withName(name).get() == null
                      && cluster.machinesOf(ns).isEmpty());
    } finally {
      cluster.stopReplica(standby);
      cluster.restartPrimary();
    }
  }
}
