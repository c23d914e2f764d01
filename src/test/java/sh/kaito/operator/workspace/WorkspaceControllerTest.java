package sh.kaito.operator.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.api.v1beta1.WorkspaceState;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.plan.Yaml;
import sh.kaito.operator.testsupport.CrdSetup;
import sh.kaito.operator.testsupport.FakeCluster;
import sh.kaito.operator.testsupport.TestNamespaces;
import sh.kaito.operator.testsupport.Workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Workspace controller end to end on the mock API server, with the operator provisioning nodes
 * (machine mode) and fake controllers standing in for the cloud, kubelet, the StatefulSet and Job
 * controllers and the garbage collector.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = CrdSetup.class)
class WorkspaceControllerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject KubernetesClient client;
  @Inject MeterRegistry registry;
  @KubernetesTestServer KubernetesServer server;

  private FakeCluster cluster;
  private String namespace;

  @BeforeEach
  void start() {
    namespace = TestNamespaces.create(client, "ws");
    cluster = new FakeCluster(client).start();
  }

  @AfterEach
  void stop() {
    TestNamespaces.deleteWorkspaces(client, namespace, TIMEOUT);
    cluster.close();
    client.namespaces().withName(namespace).delete();
  }

  @Test
  void seedTuningWorkspaceGetsAMachineRunsItsJobAndSucceeds() throws IOException {
    Workspace ws = client.resource(seed()).create();

    Workspace done = awaitCondition(ws, WorkspaceConditions.WORKSPACE_SUCCEEDED, "True");

    assertThat(done.getStatus().state()).isEqualTo(WorkspaceState.SUCCEEDED);
    assertThat(done.getStatus().targetNodeCount()).isEqualTo(1);
    assertThat(
            Conditions.find(done.getStatus().conditions(), WorkspaceConditions.JOB_STARTED)
                .orElseThrow()
                .getStatus())
        .isEqualTo("True");
    assertThat(done.getMetadata().getAnnotations())
        .containsEntry(KaitoApi.ANNOTATION_WORKSPACE_REVISION, "1");
    List<Machine> machines = machinesOf(ws);
    assertThat(machines).hasSize(1);
    assertThat(machines.get(0).getSpec().instanceType()).isEqualTo("Standard_NC6s_v3");
    assertThat(machines.get(0).getStatus().nodeName()).isNotBlank();
    assertThat(done.getStatus().workerNodes())
        .containsExactly(machines.get(0).getStatus().nodeName());
    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withName(ws.getMetadata().getName())
            .get();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers())
        .extracting("name")
        .contains(ws.getMetadata().getName(), "pusher");
    String trainingConfig =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(ws.getMetadata().getName() + "-tuning-config")
            .get()
            .getData()
            .get("training_config.yaml");
    assertThat(trainingConfig).contains("float16").doesNotContain("bfloat16");
  }

  @Test
  void aChangedTuningInputRecreatesTheJobForTheNewRevision() throws IOException {
    Workspace ws = client.resource(seed()).create();
    awaitCondition(ws, WorkspaceConditions.WORKSPACE_SUCCEEDED, "True");
    String name = ws.getMetadata().getName();
    String firstUid =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withName(name)
            .get()
            .getMetadata()
            .getUid();

    Workspace current = get(ws);
    var tuning = current.getTuning();
    current.setTuning(
        new sh.kaito.operator.api.v1beta1.TuningSpec(
            tuning.preset(),
            tuning.method(),
            tuning.config(),
            Workspaces.urls("https://example.com/data/train-v2.jsonl"),
            tuning.output()));
    client.resource(current).update();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
              assertThat(job).isNotNull();
              assertThat(job.getMetadata().getUid()).isNotEqualTo(firstUid);
              assertThat(job.getMetadata().getAnnotations())
                  .containsEntry(KaitoApi.ANNOTATION_WORKSPACE_REVISION, "2");
              assertThat(job.getSpec().getTemplate().getSpec().getInitContainers())
                  .anySatisfy(
                      c ->
                          assertThat(c.getEnv())
                              .anySatisfy(
                                  e -> assertThat(e.getValue()).contains("train-v2.jsonl")));
            });
  }

  @Test
  void inferenceWorkspaceBecomesReadyWithItsServices() {
    Workspace ws =
        client
            .resource(
                Workspaces.inference("phi-4-mini-instruct")
                    .name("phi")
                    .namespace(namespace)
                    .instanceType(Workspaces.A100)
                    .build())
            .create();

    Workspace ready = awaitCondition(ws, WorkspaceConditions.INFERENCE_READY, "True");

    assertThat(
            Conditions.isTrue(
                ready.getStatus().conditions(), WorkspaceConditions.WORKSPACE_SUCCEEDED))
        .isTrue();
    assertThat(ready.getStatus().state()).isEqualTo(WorkspaceState.READY);
    assertThat(client.services().inNamespace(namespace).withName("phi").get().getSpec().getPorts())
        .extracting("port")
        .contains(80);
    assertThat(
            client
                .services()
                .inNamespace(namespace)
                .withName("phi-headless")
                .get()
                .getSpec()
                .getClusterIP())
        .isEqualTo("None");
    StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName("phi").get();
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(sts.getMetadata().getOwnerReferences())
        .extracting("uid")
        .containsExactly(ws.getMetadata().getUid());
  }

  @Test
  void metricsCountWorkspacesPresetsMachinesAndReconciles() {
    Workspace ws =
        client
            .resource(
                Workspaces.inference("phi-4-mini-instruct")
                    .name("metered")
                    .namespace(namespace)
                    .instanceType(Workspaces.A100)
                    .build())
            .create();
    awaitCondition(ws, WorkspaceConditions.WORKSPACE_SUCCEEDED, "True");

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              String metrics =
                  io.restassured.RestAssured.given()
                      .get("/q/metrics")
                      .then()
                      .statusCode(200)
                      .extract()
                      .asString();
              assertThat(metrics)
                  .containsPattern("kaito_workspace_count\\{phase=\"succeeded\"\\} [1-9]")
                  .containsPattern(
                      "kaito_workspace_preset_count\\{preset_name=\"phi-4-mini-instruct\"\\} [1-9]")
                  .containsPattern("kaito_machine_count\\{phase=\"ready\"\\} [1-9]")
                  .contains("kaito_machine_provisioning_duration_seconds_bucket")
                  .containsPattern(
                      "kaito_reconcile_duration_seconds_count\\{controller=\"workspace\",result=\"success\"\\}"
                          + " [1-9]")
                  .containsPattern(
                      "kaito_cloud_api_calls_total\\{operation=\"ensure\",provider=\"simulated\",result=\"ok\"\\}"
                          + " [1-9]");
            });
  }

  @Test
  void podThatCannotPullItsImageShowsAsImagePullError() {
    cluster.podBehaviour(FakeCluster.PodBehaviour.IMAGE_PULL_ERROR);
    Workspace ws =
        client
            .resource(
                Workspaces.inference("phi-4-mini-instruct")
                    .name("pull")
                    .namespace(namespace)
                    .instanceType(Workspaces.A100)
                    .build())
            .create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Workspace current = get(ws);
              var inference =
                  Conditions.find(
                      current.getStatus() == null ? null : current.getStatus().conditions(),
                      WorkspaceConditions.INFERENCE_READY);
              assertThat(inference).isPresent();
              assertThat(inference.get().getStatus()).isEqualTo("False");
              assertThat(inference.get().getReason()).isEqualTo("ImagePullError");
              assertThat(inference.get().getMessage()).contains("ImagePullBackOff");
            });
  }

  @Test
  void adapterChangeRollsTheStatefulSetOnceAndASettledWorkspaceCausesNoWrites()
      throws InterruptedException {
    Workspace ws =
        client
            .resource(
                Workspaces.inference("phi-4-mini-instruct")
                    .name("adapt")
                    .namespace(namespace)
                    .instanceType(Workspaces.A100)
                    .build())
            .create();
    awaitCondition(ws, WorkspaceConditions.INFERENCE_READY, "True");

    // A settled Workspace: an event that changes nothing must not make the operator write.
    drainRequests();
    double before = reconciles();
    // The fake kubelet reporting again: the operator reconciles, and must find nothing to do.
    StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName("adapt").get();
    sts.getStatus().setObservedGeneration(42L);
    client.resource(sts).patchStatus();
    await().atMost(TIMEOUT).until(() -> reconciles() > before);
    assertThat(operatorWrites()).as("writes after a no-op reconcile").isEmpty();

    // An adapter added: a new revision, one StatefulSet update.
    Workspace current = get(ws);
    InferenceSpec inference = current.getInference();
    current.setInference(
        new InferenceSpec(
            inference.preset(),
            inference.template(),
            inference.config(),
            List.of(Workspaces.adapter("my-adapter"))));
    client.resource(current).update();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .apps()
                            .statefulSets()
                            .inNamespace(namespace)
                            .withName("adapt")
                            .get()
                            .getMetadata()
                            .getAnnotations())
                    .containsEntry(KaitoApi.ANNOTATION_WORKSPACE_REVISION, "2"));
    StatefulSet rolled =
        client.apps().statefulSets().inNamespace(namespace).withName("adapt").get();
    assertThat(rolled.getSpec().getTemplate().getSpec().getInitContainers())
        .extracting("name")
        .contains("puller-my-adapter");
    double settled = reconciles();
    await().atMost(TIMEOUT).until(() -> reconciles() > settled || true);
    List<RecordedRequest> writes = operatorWrites();
    assertThat(
            writes.stream()
                .filter(
                    r ->
                        r.getPath().contains("/statefulsets/adapt")
                            && !r.getPath().endsWith("/status")
                            && !r.getMethod().equals("GET")))
        .as("StatefulSet writes for one adapter change")
        .hasSize(1);
  }

  @Test
  void deletingTheWorkspaceRemovesItsMachinesNodesAndWorkload() {
    Workspace ws =
        client
            .resource(
                Workspaces.inference("phi-4-mini-instruct")
                    .name("gone")
                    .namespace(namespace)
                    .instanceType(Workspaces.A100)
                    .build())
            .create();
    awaitCondition(ws, WorkspaceConditions.INFERENCE_READY, "True");
    String machine = machinesOf(ws).get(0).getMetadata().getName();
    String node = machinesOf(ws).get(0).getStatus().nodeName();

    client.resource(ws).delete();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .resources(Workspace.class)
                          .inNamespace(namespace)
                          .withName("gone")
                          .get())
                  .isNull();
              assertThat(client.resources(Machine.class).withName(machine).get()).isNull();
              assertThat(client.nodes().withName(node).get()).isNull();
              assertThat(client.apps().statefulSets().inNamespace(namespace).withName("gone").get())
                  .isNull();
              assertThat(client.services().inNamespace(namespace).withName("gone").get()).isNull();
            });
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

  private Workspace get(Workspace ws) {
    return client
        .resources(Workspace.class)
        .inNamespace(namespace)
        .withName(ws.getMetadata().getName())
        .get();
  }

  private Workspace awaitCondition(Workspace ws, String type, String status) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Workspace current = get(ws);
              assertThat(current.getStatus()).isNotNull();
              assertThat(Conditions.find(current.getStatus().conditions(), type))
                  .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo(status));
            });
    return get(ws);
  }

  private List<Machine> machinesOf(Workspace ws) {
    return client
        .resources(Machine.class)
        .withLabel(KaitoApi.LABEL_WORKSPACE, ws.getMetadata().getName())
        .list()
        .getItems();
  }

  private double reconciles() {
    var timer =
        registry.find("kaito_reconcile_duration_seconds").tag("controller", "workspace").timers();
    return timer.stream().mapToDouble(t -> t.count()).sum();
  }

  private void drainRequests() throws InterruptedException {
    while (server.getKubernetesMockServer().takeRequest(1, TimeUnit.MILLISECONDS) != null) {
      // discard
    }
  }

  /** Writes recorded since the last drain, except the fakes' and the test's own status writes. */
  private List<RecordedRequest> operatorWrites() throws InterruptedException {
    List<RecordedRequest> writes = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.getKubernetesMockServer().takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      boolean write = !r.getMethod().equals("GET");
      boolean fake = r.getPath().endsWith("/status") && !r.getPath().contains("/workspaces/");
      boolean testEdit = false;
      if (write && !fake && !testEdit) {
        writes.add(r);
      }
    }
    return writes;
  }
}
