package sh.kaito.operator.workspace.azure;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;

import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.cloud.azure.ArmTestSupport;
import sh.kaito.operator.cloud.azure.AzureCloudProvider;
import sh.kaito.operator.cloud.azure.FakeArmServer;

/**
 * The operator's Azure provider pointed at a {@link FakeArmServer}: the real SDK client with a fake
 * token and trust in the fake's certificate. When a pool succeeds, its Node joins the (mock)
 * cluster, as AKS would. Enabled by {@link AzureProfile} only.
 */
@Alternative
@ApplicationScoped
public class FakeArmAzure {
  /** One fake ARM server for the test JVM. */
  static final FakeArmServer SERVER = FakeArmServer.start().pollsToComplete(2);

  @Produces
  @Singleton
  @Typed(AzureCloudProvider.class)
  AzureCloudProvider azureCloudProvider(
      Vertx vertx, KubernetesClient client, InstanceTypeCatalog types) {
    SERVER.onPoolSucceeded(pool -> aksNodeJoins(client, types, pool));
    return new AzureCloudProvider(
        ArmTestSupport.client(vertx, SERVER), Duration.ofMillis(200), Duration.ofSeconds(1));
  }

  private static void aksNodeJoins(
      KubernetesClient client, InstanceTypeCatalog types, FakeArmServer.PoolView pool) {
    int gpus = types.find(pool.vmSize()).map(t -> t.gpuCount()).orElse(1);
    Map<String, String> labels = new TreeMap<>(pool.nodeLabels());
    labels.put("agentpool", pool.name());
    labels.put(AzureCloudProvider.LABEL_AGENTPOOL, pool.name());
    labels.put("node.kubernetes.io/instance-type", pool.vmSize());
    Node node =
        client
            .resource(
                new NodeBuilder()
                    .withNewMetadata()
                    .withName("aks-" + pool.name() + "-30112026-vmss000000")
                    .withLabels(labels)
                    .endMetadata()
                    .withNewSpec()
                    .withProviderID(
                        "azure:///subscriptions/sub/resourceGroups/mc_rg_cluster/providers/Microsoft.Compute/virtualMachineScaleSets/aks-"
                            + pool.name()
                            + "-30112026-vmss/virtualMachines/0")
                    .endSpec()
                    .build())
            .create();
    node.setStatus(
        new NodeStatusBuilder()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .withAllocatable(Map.of("nvidia.com/gpu", new Quantity(Integer.toString(gpus))))
            .withCapacity(Map.of("nvidia.com/gpu", new Quantity(Integer.toString(gpus))))
            .build());
    client.resource(node).patchStatus();
  }
}
