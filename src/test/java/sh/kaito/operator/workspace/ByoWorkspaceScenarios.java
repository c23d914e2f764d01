package sh.kaito.operator.workspace;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.api.v1beta1.WorkspaceState;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.testsupport.FakeCluster;
import sh.kaito.operator.testsupport.TestNamespaces;
import sh.kaito.operator.testsupport.Workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Workspace controller on existing GPU nodes chosen by label (BYO mode): the cases, run on the
 * mock API server ({@link ByoWorkspaceControllerTest}) and on a real API server with Server-Side
 * Apply ({@link ByoWorkspaceOnApiServerTest}).
 */
abstract class ByoWorkspaceScenarios {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;

  FakeCluster cluster;
  String namespace;
  String nodeName;

  @BeforeEach
  void start() {
    namespace = TestNamespaces.create(client, "byo");
    nodeName = "gpu-" + UUID.randomUUID().toString().substring(0, 8);
    cluster = new FakeCluster(client).start();
  }

  @AfterEach
  void stop() {
    TestNamespaces.deleteWorkspaces(client, namespace, TIMEOUT);
    cluster.close();
    client.nodes().withName(nodeName).delete();
    client.namespaces().withName(namespace).delete();
  }

  @Test
  void inferenceRunsOnTheLabelledReadyNodeAndSucceeds() {
    readyGpuNode(nodeName, Map.of("apps", "byo-phi"));

    Workspace ws =
        client
            .resource(
                Workspaces.inference("phi-4-mini-instruct")
                    .name("byo")
                    .namespace(namespace)
                    .matchLabels("apps", "byo-phi")
                    .build())
            .create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Workspace current = client.resource(ws).get();
              assertThat(current.getStatus()).isNotNull();
              assertThat(
                      Conditions.isTrue(
                          current.getStatus().conditions(), WorkspaceConditions.INFERENCE_READY))
                  .isTrue();
              assertThat(
                      Conditions.isTrue(
                          current.getStatus().conditions(),
                          WorkspaceConditions.WORKSPACE_SUCCEEDED))
                  .isTrue();
              assertThat(current.getStatus().state()).isEqualTo(WorkspaceState.READY);
              assertThat(current.getStatus().workerNodes()).containsExactly(nodeName);
            });
    assertThat(client.resources(Machine.class).list().getItems())
        .as("BYO mode creates no Machines")
        .isEmpty();
    var affinity =
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .withName("byo")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(affinity.getNodeSelectorTerms().get(0).getMatchExpressions())
        .extracting("key")
        .containsExactly("apps");

    client.resource(ws).delete();
    await().atMost(TIMEOUT).until(() -> client.resource(ws).get() == null);
    assertThat(client.nodes().withName(nodeName).get())
        .as("the user's node is never deleted")
        .isNotNull();
  }

  @Test
  void withoutMatchingNodesTheWorkspaceWaitsAndSaysWhy() {
    Workspace ws =
        client
            .resource(
                Workspaces.inference("phi-4-mini-instruct")
                    .name("nonodes")
                    .namespace(namespace)
                    .matchLabels("apps", "nowhere")
                    .build())
            .create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Workspace current = client.resource(ws).get();
              assertThat(current.getStatus()).isNotNull();
              var resource =
                  Conditions.find(
                          current.getStatus().conditions(), WorkspaceConditions.RESOURCE_READY)
                      .orElseThrow();
              assertThat(resource.getStatus()).isEqualTo("False");
              assertThat(resource.getMessage())
                  .contains("No nodes found matching the specified label selector");
            });

    readyGpuNode(nodeName, Map.of("apps", "nowhere"));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.isTrue(
                            client.resource(ws).get().getStatus().conditions(),
                            WorkspaceConditions.INFERENCE_READY))
                    .isTrue());
  }

  void readyGpuNode(String name, Map<String, String> labels) {
    Node node = Workspaces.a100Node(name, "unused");
    node.getMetadata().getLabels().remove("app");
    node.getMetadata().getLabels().putAll(labels);
    Node created = client.resource(node).create();
    // The API server drops status on create: write it through the status subresource, as kubelet.
    created.setStatus(
        new NodeStatusBuilder()
            .withConditions(new NodeConditionBuilder().withType("Ready").withStatus("True").build())
            .withAllocatable(Map.of("nvidia.com/gpu", new Quantity("1")))
            .withCapacity(Map.of("nvidia.com/gpu", new Quantity("1")))
            .build());
    client.resource(created).patchStatus();
  }
}
