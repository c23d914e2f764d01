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
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
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
 * The Machine reconciler with the real Azure SDK against the fake ARM server, one case per ARM
 * behaviour: the Machine's conditions, and the calls the fake saw.
 */
@EnableKubernetesMockClient(crud = true)
class MachineAzureLifecycleTest {
  static KubernetesClient kube;

  private static final String QUOTA =
      "Insufficient vcpu quota requested 6, remaining 0 for family standardNCSv3Family for region"
          + " eastus.";

  private Vertx vertx;
  private FakeArmServer fake;
  private MachineReconciler reconciler;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fake = FakeArmServer.start().pollsToComplete(2).onPoolSucceeded(this::aksNodeJoins);
    AzureCloudProvider provider =
        new AzureCloudProvider(
            ArmTestSupport.client(vertx, fake), Duration.ofMillis(10), Duration.ofMillis(10));
    reconciler =
        new MachineReconciler(
            provider,
            kube,
            InstanceTypeCatalog.load(),
            new MachineMetrics(new SimpleMeterRegistry()),
            new EventRecorder(kube, Clock.systemUTC()),
            Clock.systemUTC(),
            Duration.ofMillis(10));
    reconciler.readNodesFrom(() -> kube.nodes().list().getItems());
  }

  @AfterEach
  void stop() {
    fake.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    kube.nodes().delete();
  }

  @Test
  void createWithAnAsynchronousOperationEndsReady() {
    Machine m = ArmTestSupport.machine("wscreate001");

    assertThat(reason(reconcile(m), MachineConditions.LAUNCHED)).isEqualTo("Launching");
    reconcileUntilReady(m);

    assertThat(fake.requests("PUT", "wscreate001")).hasSize(1);
    assertThat(m.getStatus().nodeName()).isEqualTo("aks-wscreate001-12345678-vmss000000");
    Node node = kube.nodes().withName(m.getStatus().nodeName()).get();
    assertThat(node.getSpec().getTaints()).extracting("key").contains("sku");
    assertThat(node.getMetadata().getLabels()).containsEntry("apps", "phi-3");
  }

  @Test
  void synchronousQuotaErrorIsTerminal() {
    fake.failNext("PUT", 1, 400, "ErrCode_InsufficientVCPUQuota", QUOTA);
    Machine m = ArmTestSupport.machine("wsquota0001");

    MachineStatus s = reconcile(m);

    assertThat(status(s, MachineConditions.LAUNCHED)).isEqualTo("False");
    assertThat(reason(s, MachineConditions.LAUNCHED)).isEqualTo("ErrCodeInsufficientVCPUQuota");
    assertThat(message(s, MachineConditions.LAUNCHED)).contains("Insufficient vcpu quota");
    // Terminal: reconciling again sends nothing more to the cloud.
    reconcile(m);
    assertThat(fake.requests("PUT", "wsquota0001")).hasSize(1);
  }

  @Test
  void asynchronousAllocationFailureIsRetriedAndRecovers() {
    fake.failNextCreation(
        "AllocationFailed",
        "Allocation failed. We do not have sufficient capacity for the requested VM size in this"
            + " region.");
    Machine m = ArmTestSupport.machine("wsalloc0001");

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () -> {
              MachineStatus s = reconcile(m);
              assertThat(reason(s, MachineConditions.LAUNCHED)).isEqualTo("AllocationFailed");
              assertThat(status(s, MachineConditions.LAUNCHED)).isEqualTo("Unknown");
            });
    reconcileUntilReady(m);

    assertThat(fake.requests("PUT", "wsalloc0001"))
        .as("the failed pool is PUT again")
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void operationInProgressIsNotAFailure() {
    fake.failNext(
        "PUT",
        1,
        409,
        "OperationNotAllowed",
        "Operation is not allowed because there's an in progress create node pool operation");
    Machine m = ArmTestSupport.machine("wsbusy00001");

    MachineStatus s = reconcile(m);

    assertThat(status(s, MachineConditions.LAUNCHED)).isEqualTo("Unknown");
    assertThat(reason(s, MachineConditions.LAUNCHED)).isEqualTo("Launching");
  }

  @Test
  void throttlingAndServerErrorsAreRetriedByTheClient() {
    fake.failNext("PUT", 1, 429, "TooManyRequests", "The request is being throttled.");
    fake.failNext("GET", 1, 500, "InternalServerError", "Internal server error.");
    Machine m = ArmTestSupport.machine("wsretry0001");

    reconcileUntilReady(m);

    assertThat(fake.requests().stream().filter(r -> r.status() == 429 || r.status() == 500))
        .hasSize(2);
  }

  @Test
  void deleteWaitsForTheCloudThenReleasesTheFinalizer() {
    Machine m = ArmTestSupport.machine("wsdelete001");
    reconcileUntilReady(m);

    var first = reconciler.cleanup(m, null);
    assertThat(first.isRemoveFinalizer()).as("the pool is still being deleted").isFalse();
    assertThat(kube.nodes().withName(m.getStatus().nodeName()).get())
        .as("the Node goes first")
        .isNull();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> reconciler.cleanup(m, null).isRemoveFinalizer());

    assertThat(fake.pool("wsdelete001")).isEmpty();
    assertThat(fake.requests("DELETE", "wsdelete001")).hasSize(1);
  }

  private void reconcileUntilReady(Machine m) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(
            () ->
                assertThat(Conditions.isTrue(reconcile(m).conditions(), MachineConditions.READY))
                    .isTrue());
  }

  private MachineStatus reconcile(Machine m) {
    var control = reconciler.reconcile(m, null);
    control.getResource().ifPresent(patch -> m.setStatus(patch.getStatus()));
    return m.getStatus();
  }

  private static String status(MachineStatus s, String type) {
    return Conditions.find(s.conditions(), type).map(c -> c.getStatus()).orElse(null);
  }

  private static String reason(MachineStatus s, String type) {
    return Conditions.find(s.conditions(), type).map(c -> c.getReason()).orElse(null);
  }

  private static String message(MachineStatus s, String type) {
    return Conditions.find(s.conditions(), type).map(c -> c.getMessage()).orElse(null);
  }

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
                        "azure:///subscriptions/sub/resourceGroups/mc/providers/Microsoft.Compute/virtualMachineScaleSets/aks-"
                            + pool.name()
                            + "-12345678-vmss/virtualMachines/0")
                    .endSpec()
                    .build())
            .create();
    node.setStatus(
        new NodeStatusBuilder()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .withAllocatable(Map.of("nvidia.com/gpu", new Quantity("1")))
            .build());
    kube.resource(node).patchStatus();
  }
}
