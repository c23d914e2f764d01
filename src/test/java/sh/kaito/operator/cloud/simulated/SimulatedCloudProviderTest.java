package sh.kaito.operator.cloud.simulated;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import sh.kaito.operator.api.machine.ImageFamily;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineSpec;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.cloud.CloudResource;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.cloud.CloudResult.State;
import sh.kaito.operator.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

@EnableKubernetesMockClient(crud = true)
class SimulatedCloudProviderTest {
  private static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.load();
  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

  static KubernetesClient client;
  static KubernetesMockServer server;

  private final MutableClock clock = new MutableClock(CREATED);
  private SimulatedCloudProvider provider;

  @BeforeEach
  void setUp() {
    drainRequests();
    provider = new SimulatedCloudProvider(client, CATALOG, clock, Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() {
    client.nodes().delete();
  }

  @Test
  void nodeAppearsOnlyAfterTheDelayWithoutWaiting() {
    Machine machine = machine("ws1", "Standard_NC6s_v3");
    clock.set(CREATED.plusSeconds(2));

    CloudResult creating = provider.ensure(machine);

    assertThat(creating.state()).isEqualTo(State.CREATING);
    assertThat(creating.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(creating.resourceName()).isEqualTo("ws1");
    assertThat(client.nodes().list().getItems()).isEmpty();

    clock.set(CREATED.plusSeconds(5));
    CloudResult ready = provider.ensure(machine);

    assertThat(ready.state()).isEqualTo(State.READY);
    assertThat(ready.provisioningState()).isEqualTo("Succeeded");
    assertThat(ready.nodeLabels()).containsExactly(entry("kubernetes.azure.com/agentpool", "ws1"));
    assertThat(client.nodes().withLabels(ready.nodeLabels()).list().getItems()).hasSize(1);
  }

  @Test
  void nodeCarriesTheInstanceTypesGpusAndTheMachinesLabelsAndTaints() {
    clock.set(CREATED.plusSeconds(60));

    provider.ensure(machine("ws1", "Standard_NC6s_v3"));

    Node node = client.nodes().withName("ws1").get();
    assertThat(node.getMetadata().getLabels())
        .contains(
            entry("kaito.sh/workspace", "phi-3"),
            entry("apps", "phi-3"),
            entry("node.kubernetes.io/instance-type", "Standard_NC6s_v3"),
            entry("kubernetes.io/os", "linux"),
            entry("kubernetes.io/arch", "amd64"),
            entry("kubernetes.azure.com/agentpool", "ws1"),
            entry("agentpool", "ws1"),
            entry("kaito.sh/machine", "ws1"),
            entry("nvidia.com/gpu.product", "NVIDIA-V100"),
            entry("nvidia.com/gpu.count", "1"),
            entry("nvidia.com/gpu.memory", "16384"),
            entry("nvidia.com/cuda.compute.major", "7"),
            entry("nvidia.com/cuda.compute.minor", "0"));
    assertThat(node.getMetadata().getAnnotations()).containsEntry("kwok.x-k8s.io/node", "fake");
    assertThat(node.getSpec().getProviderID()).isEqualTo("kaito-simulated:///ws1");
    assertThat(node.getSpec().getTaints())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("sku");
              assertThat(t.getValue()).isEqualTo("gpu");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(node.getStatus().getCapacity()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(node.getStatus().getAllocatable())
        .containsEntry("nvidia.com/gpu", new Quantity("1"))
        .containsEntry("ephemeral-storage", new Quantity("87Gi"));
    assertThat(node.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
  }

  @Test
  void multiGpuTypeHasPerGpuMemoryAndCount() {
    clock.set(CREATED.plusSeconds(60));

    provider.ensure(machine("ws2", "Standard_NC96ads_A100_v4"));

    Map<String, String> labels = client.nodes().withName("ws2").get().getMetadata().getLabels();
    assertThat(labels)
        .contains(
            entry("nvidia.com/gpu.count", "4"),
            entry("nvidia.com/gpu.memory", "81920"),
            entry("nvidia.com/cuda.compute.major", "8"),
            entry("nvidia.com/cuda.compute.minor", "0"));
    assertThat(client.nodes().withName("ws2").get().getStatus().getAllocatable())
        .containsEntry("nvidia.com/gpu", new Quantity("4"));
  }

  @Test
  void ensureIsIdempotentAndWritesNothingOnceReady() {
    clock.set(CREATED.plusSeconds(60));
    Machine machine = machine("ws1", "Standard_NC6s_v3");
    provider.ensure(machine);
    assertThat(drainRequests())
        .containsExactly(
            "GET /api/v1/nodes/ws1",
            "POST /api/v1/nodes",
            "GET /api/v1/nodes/ws1",
            "PATCH /api/v1/nodes/ws1/status");

    CloudResult again = provider.ensure(machine);

    assertThat(again.state()).isEqualTo(State.READY);
    assertThat(drainRequests()).containsExactly("GET /api/v1/nodes/ws1");
    assertThat(client.nodes().list().getItems()).hasSize(1);
  }

  /** The requests the mock API server received since the last call. */
  private static List<String> drainRequests() {
    List<String> requests = new ArrayList<>();
    try {
      for (var r = server.takeRequest(10, TimeUnit.MILLISECONDS);
          r != null;
          r = server.takeRequest(10, TimeUnit.MILLISECONDS)) {
        requests.add(r.getMethod() + " " + r.getPath());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return requests;
  }

  @Test
  void aNodeWithoutStatusGetsItsReadyStatusWritten() {
    clock.set(CREATED.plusSeconds(60));
    Machine machine = machine("ws1", "Standard_NC6s_v3");
    client
        .nodes()
        .resource(provider.desiredNode(machine, CATALOG.find("Standard_NC6s_v3").get()))
        .create();

    assertThat(provider.ensure(machine).state()).isEqualTo(State.READY);

    assertThat(client.nodes().withName("ws1").get().getStatus().getAllocatable())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
  }

  @Test
  void unknownInstanceTypeFailsForGood() {
    CloudResult result = provider.ensure(machine("ws1", "Standard_Nope"));

    assertThat(result.state()).isEqualTo(State.FAILED_TERMINAL);
    assertThat(result.errorCode()).isEqualTo("SkuNotAvailable");
    assertThat(result.message()).contains("Standard_Nope");
    assertThat(client.nodes().list().getItems()).isEmpty();
  }

  @Test
  void aForeignNodeOfTheSameNameIsNeitherTakenNorDeleted() {
    clock.set(CREATED.plusSeconds(60));
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("ws1").endMetadata().build())
        .create();

    assertThat(provider.ensure(machine("ws1", "Standard_NC6s_v3")).state())
        .isEqualTo(State.FAILED_RETRYABLE);
    assertThat(provider.delete("ws1").state()).isEqualTo(State.GONE);
    assertThat(client.nodes().withName("ws1").get()).isNotNull();
    assertThat(provider.list()).isEmpty();
  }

  @Test
  void deleteRemovesTheNodeAndReportsGone() {
    clock.set(CREATED.plusSeconds(60));
    Machine machine = machine("ws1", "Standard_NC6s_v3");
    provider.ensure(machine);

    CloudResult result = provider.delete(machine);

    assertThat(result.state()).isEqualTo(State.GONE);
    assertThat(client.nodes().withName("ws1").get()).isNull();
    assertThat(provider.delete(machine).state()).isEqualTo(State.GONE);
  }

  @Test
  void listReturnsTheSimulatedNodes() {
    clock.set(CREATED.plusSeconds(60));
    provider.ensure(machine("ws1", "Standard_NC6s_v3"));
    provider.ensure(machine("ws2", "Standard_NC12s_v3"));
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("system")
                .withLabels(Map.of("kubernetes.io/os", "linux"))
                .endMetadata()
                .build())
        .create();

    List<CloudResource> resources = provider.list();

    assertThat(resources).extracting(CloudResource::name).containsExactlyInAnyOrder("ws1", "ws2");
    assertThat(resources)
        .allSatisfy(
            r -> {
              assertThat(r.provisioningState()).isEqualTo("Succeeded");
              assertThat(r.labels()).containsEntry("kaito.sh/workspace", "phi-3");
              assertThat(r.createdAt()).isNotNull();
            });
  }

  @Test
  void gpuProductBecomesAValidLabelValue() {
    assertThat(SimulatedCloudProvider.labelValue("NVIDIA A100 80GB (PCIe)"))
        .isEqualTo("NVIDIA-A100-80GB--PCIe");
    assertThat(SimulatedCloudProvider.labelValue("x".repeat(70))).hasSize(63);
  }

  private static Machine machine(String name, String instanceType) {
    Machine machine = new Machine();
    machine.setMetadata(
        new ObjectMetaBuilder().withName(name).withCreationTimestamp(CREATED.toString()).build());
    machine.setSpec(
        new MachineSpec(
            instanceType,
            "87Gi",
            Map.of("kaito.sh/workspace", "phi-3", "apps", "phi-3"),
            List.of(
                new TaintBuilder()
                    .withKey("sku")
                    .withValue("gpu")
                    .withEffect("NoSchedule")
                    .build()),
            ImageFamily.UBUNTU));
    return machine;
  }
}
