package sh.kaito.operator.workspace.azure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.plan.Yaml;
import sh.kaito.operator.testsupport.CrdSetup;
import sh.kaito.operator.testsupport.FakeCluster;
import sh.kaito.operator.testsupport.TestNamespaces;
import sh.kaito.operator.testsupport.Workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's fine-tuning Workspace end to end in machine mode with the azure cloud provider: the
 * real Azure SDK creates one AKS agent pool on the fake ARM server, the Node joins, the Job runs,
 * the Workspace succeeds; deleting it deletes the pool and leaves nothing behind.
 */
@QuarkusTest
@TestProfile(AzureProfile.class)
@WithKubernetesTestServer(crud = true, setup = CrdSetup.class)
class AzureWorkspaceTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Inject KubernetesClient client;

  private FakeCluster cluster;
  private String namespace;

  @BeforeEach
  void start() {
    namespace = TestNamespaces.create(client, "az");
    cluster = new FakeCluster(client).start();
    FakeArmAzure.SERVER.clearRequests();
  }

  @AfterEach
  void stop() {
    TestNamespaces.deleteWorkspaces(client, namespace, TIMEOUT);
    cluster.close();
    client.namespaces().withName(namespace).delete();
  }

  @Test
  void seedTuningWorkspaceGetsOneAgentPoolRunsItsJobAndCleansUpTheCloud() throws IOException {
    Workspace ws = client.resource(seed()).create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Workspace current = client.resource(ws).get();
              assertThat(current.getStatus()).isNotNull();
              assertThat(
                      Conditions.isTrue(
                          current.getStatus().conditions(),
                          WorkspaceConditions.WORKSPACE_SUCCEEDED))
                  .isTrue();
            });
    List<Machine> machines = machinesOf(ws);
    assertThat(machines).hasSize(1);
    String pool = machines.get(0).getMetadata().getName();
    assertThat(FakeArmAzure.SERVER.requests("PUT", pool)).as("agent pool creates").hasSize(1);
    assertThat(FakeArmAzure.SERVER.lastPutBody(pool))
        .hasValueSatisfying(
            body -> {
              assertThat(body.path("properties").path("vmSize").asText())
                  .isEqualTo("Standard_NC6s_v3");
              assertThat(body.path("properties").path("count").asInt()).isEqualTo(1);
              assertThat(body.path("properties").path("osDiskSizeGB").asInt()).isEqualTo(87);
            });
    String node = machines.get(0).getStatus().nodeName();
    assertThat(node).startsWith("aks-" + pool);
    assertThat(client.resource(ws).get().getStatus().workerNodes()).containsExactly(node);

    client.resource(ws).delete();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(client.resource(ws).get()).isNull();
              assertThat(client.resources(Machine.class).withName(pool).get()).isNull();
              assertThat(client.nodes().withName(node).get()).isNull();
              assertThat(FakeArmAzure.SERVER.pool(pool)).as("the agent pool").isEmpty();
            });
    assertThat(FakeArmAzure.SERVER.requests("DELETE", pool)).isNotEmpty();
  }

  @Test
  void multiNodeWorkspaceCreatesAllItsMachinesAtOnce() {
    FakeArmAzure.SERVER.pollsToComplete(1_000);
    try {
      Workspace ws =
          client
              .resource(
                  Workspaces.inference("llama-3.3-70b-instruct")
                      .name("llama")
                      .namespace(namespace)
                      .instanceType(Workspaces.A100)
                      .modelAccessSecret("hf-token")
                      .build())
              .create();

      // The first pools never finish here: the three Machines (and their pools) are created
      // without waiting for one another.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                List<Machine> machines = machinesOf(ws);
                assertThat(machines).hasSize(3);
                for (Machine m : machines) {
                  assertThat(FakeArmAzure.SERVER.requests("PUT", m.getMetadata().getName()))
                      .hasSize(1);
                }
                // The status is patched after the Machines are created.
                assertThat(client.resource(ws).get().getStatus())
                    .isNotNull()
                    .extracting(s -> s.targetNodeCount())
                    .isEqualTo(3);
              });
    } finally {
      FakeArmAzure.SERVER.pollsToComplete(2);
    }
  }

  private List<Machine> machinesOf(Workspace ws) {
    return client
        .resources(Machine.class)
        .withLabel(KaitoApi.LABEL_WORKSPACE, ws.getMetadata().getName())
        .list()
        .getItems();
  }

  private Workspace seed() throws IOException {
    String yaml =
        Files.readString(Path.of("examples/fine-tuning/kaito_workspace_tuning_phi_3.yaml"))
            .replace("kaito.sh/v1alpha1", "kaito.sh/v1beta1")
            .replace("ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1", Workspaces.OUTPUT_IMAGE)
            .replace("ACR_REGISTRY_SECRET_HERE", Workspaces.PUSH_SECRET);
    Workspace ws = Yaml.STRICT.readValue(yaml, Workspace.class);
    ws.getMetadata().setNamespace(namespace);
    return ws;
  }
}
