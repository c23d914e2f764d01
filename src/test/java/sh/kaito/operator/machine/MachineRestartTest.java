package sh.kaito.operator.machine;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineConditions;
import sh.kaito.operator.api.machine.MachineStatus;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.cloud.azure.ArmTestSupport;
import sh.kaito.operator.cloud.azure.AzureCloudProvider;
import sh.kaito.operator.cloud.azure.FakeArmServer;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.events.EventRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restart safety with the real Machine reconciler and the real Azure SDK against the fake ARM
 * server: the operator stops after it sent the create and before it completed; a new operator
 * process (a new provider with no memory of the operation) finds the agent pool, creates nothing
 * more, and the Machine becomes Ready.
 */
@EnableKubernetesMockClient(crud = true)
class MachineRestartTest {
  static KubernetesClient kube;

  private Vertx vertx;
  private FakeArmServer fake;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fake = FakeArmServer.start().pollsToComplete(3).onPoolSucceeded(this::aksNodeJoins);
  }

  @AfterEach
  void stop() {
    fake.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    kube.nodes().delete();
  }

  @Test
  void restartWhileTheCreateIsInFlightLeavesOnePoolAndTheMachineBecomesReady() {
    Machine machine = ArmTestSupport.machine("wsrestart01");
    String pool = machine.getMetadata().getName();

    MachineStatus first = reconcile(reconciler(), machine);
    assertThat(Conditions.find(first.conditions(), MachineConditions.LAUNCHED).get().getReason())
        .isEqualTo("Launching");
    assertThat(fake.requests("PUT", pool)).hasSize(1);
    machine.setStatus(first);

    // The operator restarts: a new process, a new SDK client, no in-flight poller.
    MachineReconciler restarted = reconciler();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              machine.setStatus(reconcile(restarted, machine));
              assertThat(
                      Conditions.isTrue(machine.getStatus().conditions(), MachineConditions.READY))
                  .isTrue();
            });

    assertThat(fake.requests("PUT", pool)).as("agent pool creates").hasSize(1);
    assertThat(fake.pool(pool))
        .hasValueSatisfying(p -> assertThat(p.provisioningState()).isEqualTo("Succeeded"));
    assertThat(machine.getStatus().nodeName()).isEqualTo("aks-" + pool + "-12345678-vmss000000");
    assertThat(machine.getStatus().cloudResource().provisioningState()).isEqualTo("Succeeded");
  }

  private MachineReconciler reconciler() {
    AzureCloudProvider provider =
        new AzureCloudProvider(
            ArmTestSupport.client(vertx, fake), Duration.ofMillis(10), Duration.ofSeconds(1));
    MachineReconciler reconciler =
        new MachineReconciler(
            provider,
            kube,
            InstanceTypeCatalog.load(),
            new MachineMetrics(new SimpleMeterRegistry()),
            new EventRecorder(kube, Clock.systemUTC()),
            Clock.systemUTC(),
            Duration.ofMillis(10));
    reconciler.readNodesFrom(() -> kube.nodes().list().getItems());
    return reconciler;
  }

  private static MachineStatus reconcile(MachineReconciler reconciler, Machine machine) {
    var control = reconciler.reconcile(machine, null);
    return control.getResource().map(Machine::getStatus).orElse(machine.getStatus());
  }

  /** What AKS does once the pool's VM joins: a Ready Node labelled with its pool. */
  private void aksNodeJoins(FakeArmServer.PoolView pool) {
    Map<String, String> labels = new TreeMap<>(pool.nodeLabels());
    labels.put("agentpool", pool.name());
    labels.put(AzureCloudProvider.LABEL_AGENTPOOL, pool.name());
    labels.put("node.kubernetes.io/instance-type", pool.vmSize());
    Node node =
        kube.resource(
                new NodeBuilder()
                    .withNewMetadata()
                    .withName("aks-" + pool.name() + "-12345678-vmss000000")
                    .withLabels(labels)
                    .endMetadata()
                    .withNewSpec()
                    .withProviderID(
                        "azure:///subscriptions/sub/resourceGroups/mc_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-"
                            + pool.name()
                            + "-12345678-vmss/virtualMachines/0")
                    .endSpec()
                    .build())
            .create();
    node.setStatus(
        new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .withAllocatable(Map.of("nvidia.com/gpu", new Quantity("1")))
            .withCapacity(Map.of("nvidia.com/gpu", new Quantity("1")))
            .build());
    kube.resource(node).patchStatus();
  }
}
