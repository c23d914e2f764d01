package sh.kaito.operator.machine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.cloud.CloudProvider;
import sh.kaito.operator.cloud.CloudResource;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.config.KaitoConfig;
import sh.kaito.operator.leader.LeaderOnly;

/**
 * Deletes cloud resources the operator created but no Machine claims any more (a Machine deleted
 * while its agent pool was still being created, an operator crash between the cloud call and the
 * status write). Only resources labelled for a Workspace are considered, and only once they are
 * older than a grace period, so a resource whose Machine is being created is never touched. With
 * several replicas, only the leader sweeps.
 */
@ApplicationScoped
public class OrphanSweeper {
  private static final Logger LOG = Logger.getLogger(OrphanSweeper.class);

  private final CloudProvider cloud;
  private final KubernetesClient client;
  private final MachineMetrics metrics;
  private final Clock clock;
  private final Duration interval;
  private final Duration grace;
  private final LeaderOnly leader;
  private ScheduledExecutorService executor;

  @Inject
  public OrphanSweeper(
      CloudProvider cloud,
      KubernetesClient client,
      MachineMetrics metrics,
      Clock clock,
      KaitoConfig config,
      LeaderOnly leader) {
    this(
        cloud,
        client,
        metrics,
        clock,
        config.machine().orphanSweepInterval(),
        config.machine().orphanGracePeriod(),
        leader);
  }

  /** A sweeper that is always the leader (a single operator). */
  OrphanSweeper(
      CloudProvider cloud,
      KubernetesClient client,
      MachineMetrics metrics,
      Clock clock,
      Duration interval,
      Duration grace) {
    this(cloud, client, metrics, clock, interval, grace, new LeaderOnly(() -> false));
  }

  OrphanSweeper(
      CloudProvider cloud,
      KubernetesClient client,
      MachineMetrics metrics,
      Clock clock,
      Duration interval,
      Duration grace,
      LeaderOnly leader) {
    this.leader = leader;
    this.cloud = cloud;
    this.client = client;
    this.metrics = metrics;
    this.clock = clock;
    this.interval = interval;
    this.grace = grace;
  }

  void start(@Observes StartupEvent event) {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kaito-orphan-sweeper");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        this::scheduledSweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /**
   * What the schedule runs on every replica: a sweep on the leader only; returns whether it ran.
   */
  boolean scheduledSweep() {
    try {
      return leader.run("orphan sweep", this::sweep);
    } catch (RuntimeException e) {
      LOG.warnf(e, "orphan sweep failed; the next one follows in %s", interval);
      return true;
    }
  }

  /** One sweep; returns the names of the resources whose deletion it started. */
  public List<String> sweep() {
    Set<String> machines =
        client.resources(Machine.class).list().getItems().stream()
            .map(m -> m.getMetadata().getName())
            .collect(Collectors.toSet());
    Instant cutoff = clock.instant().minus(grace);
    List<String> deleted = new ArrayList<>();
    for (CloudResource resource : cloud.list()) {
      boolean claimed = machines.contains(resource.name());
      boolean young = resource.createdAt() != null && resource.createdAt().isAfter(cutoff);
      boolean deleting = "Deleting".equalsIgnoreCase(resource.provisioningState());
      if (claimed || young || deleting) {
        continue;
      }
      CloudResult result = cloud.delete(resource.name());
      metrics.cloudCall(cloud.name(), "delete-orphan", result);
      LOG.infof(
          "deleting cloud resource %s: no Machine claims it (%s)", resource.name(), result.state());
      deleted.add(resource.name());
    }
    return deleted;
  }
}
