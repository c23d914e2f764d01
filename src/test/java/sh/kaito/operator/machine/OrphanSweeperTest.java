package sh.kaito.operator.machine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineSpec;
import sh.kaito.operator.cloud.CloudProvider;
import sh.kaito.operator.cloud.CloudResource;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.leader.LeaderOnly;

import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class OrphanSweeperTest {
  static KubernetesClient kube;

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  /** A cloud that lists given resources and records deletions. */
  static final class ListedCloud implements CloudProvider {
    final List<CloudResource> resources = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();

    @Override
    public String name() {
      return "test";
    }

    @Override
    public CloudResult ensure(Machine machine) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CloudResult delete(Machine machine) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<CloudResource> list() {
      return resources;
    }

    @Override
    public CloudResult delete(String resourceName) {
      deleted.add(resourceName);
      return new CloudResult(
          CloudResult.State.DELETING, resourceName, "Deleting", Map.of(), null, null, null);
    }
  }

  @Test
  void deletesOnlyOldUnclaimedResourcesThatAreNotAlreadyGoing() {
    Machine claimed = new Machine();
    claimed.setMetadata(new ObjectMetaBuilder().withName("wsclaimed01").build());
    claimed.setSpec(new MachineSpec("Standard_NC6s_v3", "87Gi", Map.of(), List.of(), null));
    kube.resource(claimed).create();
    ListedCloud cloud = new ListedCloud();
    Map<String, String> labels = Map.of("kaito.sh/workspace", "w");
    cloud.resources.add(
        new CloudResource("wsclaimed01", labels, "Succeeded", NOW.minus(Duration.ofHours(1))));
    cloud.resources.add(
        new CloudResource("wsorphan001", labels, "Succeeded", NOW.minus(Duration.ofMinutes(10))));
    cloud.resources.add(
        new CloudResource("wsyoung0001", labels, "Creating", NOW.minus(Duration.ofMinutes(1))));
    cloud.resources.add(
        new CloudResource("wsgoing0001", labels, "Deleting", NOW.minus(Duration.ofHours(2))));
    cloud.resources.add(new CloudResource("wsnodate001", labels, "Failed", null));
    OrphanSweeper sweeper =
        new OrphanSweeper(
            cloud,
            kube,
            new MachineMetrics(new SimpleMeterRegistry()),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5));

    List<String> deleted = sweeper.sweep();

    assertThat(deleted).containsExactlyInAnyOrder("wsorphan001", "wsnodate001");
    assertThat(cloud.deleted).containsExactlyInAnyOrder("wsorphan001", "wsnodate001");
  }

  @Test
  void onlyTheLeaderSweepsOnSchedule() {
    ListedCloud cloud = new ListedCloud();
    cloud.resources.add(
        new CloudResource(
            "wsorphan002",
            Map.of("kaito.sh/workspace", "w"),
            "Succeeded",
            NOW.minus(Duration.ofHours(1))));
    LeaderOnly leader = new LeaderOnly(() -> true); // leader election on, Lease not held yet
    OrphanSweeper sweeper =
        new OrphanSweeper(
            cloud,
            kube,
            new MachineMetrics(new SimpleMeterRegistry()),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5),
            leader);

    assertThat(sweeper.scheduledSweep()).as("follower").isFalse();
    assertThat(cloud.deleted).isEmpty();

    leader.startedLeading();
    assertThat(sweeper.scheduledSweep()).as("leader").isTrue();
    assertThat(cloud.deleted).containsExactly("wsorphan002");

    leader.stoppedLeading();
    cloud.deleted.clear();
    assertThat(sweeper.scheduledSweep()).as("after losing the Lease").isFalse();
    assertThat(cloud.deleted).isEmpty();
  }
}
