package sh.kaito.operator.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.api.v1beta1.WorkspaceState;
import sh.kaito.operator.common.Conditions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workspaces end to end on a real API server, with the scheduler, the Job, StatefulSet and garbage
 * collection controllers of kube-controller-manager, and kwok as the kubelet of the simulated GPU
 * nodes; the operator runs as its ServiceAccount with the generated RBAC (see {@link E2eCluster}).
 */
class WorkspaceE2EIT extends E2eTest {
  private static final Path SEED =
      Path.of("examples/fine-tuning/kaito_workspace_tuning_phi_3.yaml");
  private static final Path PHI_4_MINI =
      Path.of("examples/inference/kaito_workspace_phi_4_mini.yaml");

  /** Values that pass admission and that the simulated cluster never needs to reach. */
  static final String LOCAL_OUTPUT_IMAGE = "localhost:5000/phi-3-adapter:0.0.1";

  static final String LOCAL_PUSH_SECRET = "local-push-secret";

  private static final Duration TIMEOUT = E2eCluster.TIMEOUT;
  private static final Duration POLL = Duration.ofMillis(250);

  @Override
  String namespacePrefix() {
    return "workspace";
  }

  @Test
  void seedTuningExampleGetsANodeRunsItsJobAndSucceeds() throws IOException {
    String yaml = seedWithLocalValues();
    assertThat(yaml).as("the seed is applied as written").contains("apiVersion: kaito.sh/v1alpha1");
    createPushSecret();

    cluster.create(ns, yaml);

    String name = "workspace-tuning-phi-3";
    Machine machine = awaitReadyMachine(name, "Standard_NC6s_v3");
    Node node = awaitNodeKeptReadyByKwok(machine);
    Job job =
        await("tuning Job Complete")
            .atMost(TIMEOUT)
            .pollInterval(POLL)
            .until(
                () -> client.batch().v1().jobs().inNamespace(ns).withName(name).get(),
                j ->
                    j != null
                        && j.getStatus() != null
                        && j.getStatus().getConditions().stream()
                            .anyMatch(
                                c ->
                                    "Complete".equals(c.getType())
                                        && "True".equals(c.getStatus())));
    List<Pod> pods = client.pods().inNamespace(ns).withLabel("job-name", name).list().getItems();
    assertThat(pods).as("pods of the tuning Job").isNotEmpty();
    assertThat(pods)
        .allSatisfy(
            p -> {
              assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
              assertThat(p.getSpec().getNodeName()).isEqualTo(node.getMetadata().getName());
            });
    assertThat(job.getSpec().getTemplate().getSpec().getContainers())
        .extracting("name")
        .contains(name, "pusher");

    Workspace done = awaitCondition(name, WorkspaceConditions.WORKSPACE_SUCCEEDED);
    assertThat(done.getStatus().state()).isEqualTo(WorkspaceState.SUCCEEDED);
    assertThat(Conditions.isTrue(done.getStatus().conditions(), WorkspaceConditions.JOB_STARTED))
        .isTrue();
    assertThat(done.getStatus().workerNodes()).containsExactly(node.getMetadata().getName());
    assertNodeStillReady(node.getMetadata().getName());
  }

  @Test
  void inferenceExampleRunsReadyPodsBehindItsServices() throws IOException {
    cluster.create(ns, Files.readString(PHI_4_MINI));

    String name = "workspace-phi-4-mini";
    Machine machine = awaitReadyMachine(name, "Standard_NC24ads_A100_v4");
    Node node = awaitNodeKeptReadyByKwok(machine);
    Workspace ready = awaitCondition(name, WorkspaceConditions.INFERENCE_READY);
    assertThat(ready.getStatus().state()).isEqualTo(WorkspaceState.READY);
    assertThat(
            Conditions.isTrue(ready.getStatus().conditions(), WorkspaceConditions.RESOURCE_READY))
        .isTrue();

    StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName(name).get();
    assertThat(sts.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(sts.getSpec().getTemplate().getSpec().getNodeName())
        .as("the operator leaves placement to the scheduler")
        .isNull();
    Pod pod = client.pods().inNamespace(ns).withName(name + "-0").get();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getSpec().getNodeName()).isEqualTo(node.getMetadata().getName());
    assertThat(pod.getStatus().getConditions())
        .filteredOn(c -> List.of("PodScheduled", "Ready").contains(c.getType()))
        .extracting("type", "status")
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("PodScheduled", "True"),
            org.assertj.core.groups.Tuple.tuple("Ready", "True"));
    assertThat(
            pod.getSpec().getContainers().stream()
                .flatMap(
                    c ->
                        Stream.concat(
                            c.getResources().getLimits() == null
                                ? Stream.empty()
                                : c.getResources().getLimits().keySet().stream(),
                            c.getResources().getRequests() == null
                                ? Stream.empty()
                                : c.getResources().getRequests().keySet().stream())))
        .as("the pod asks for a GPU")
        .contains("nvidia.com/gpu");

    Service service = client.services().inNamespace(ns).withName(name).get();
    assertThat(service.getSpec().getPorts()).extracting("port").contains(80);
    assertThat(service.getSpec().getClusterIP()).isNotBlank().isNotEqualTo("None");
    Service headless = client.services().inNamespace(ns).withName(name + "-headless").get();
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(
            client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason()))
        .as("Events the operator recorded on the Workspace")
        .contains("MachineCreated", "WorkloadCreated");
    assertNodeStillReady(node.getMetadata().getName());

    reconcileWithoutChangesWritesNothing(name, pod);
  }

  /**
   * With Server-Side Apply on a real API server, a reconcile that finds everything as desired
   * changes nothing: the resourceVersion of the Workspace and of everything the operator made for
   * it stays as it was. An annotation on the workload's pod (watched, owned by nobody the operator
   * writes) triggers the reconcile; the operator's reconcile counter shows it ran.
   */
  private void reconcileWithoutChangesWritesNothing(String name, Pod pod) {
    Map<String, String> before = resourceVersionsOf(name);
    assertThat(before)
        .containsKeys(
            "Workspace/" + name,
            "StatefulSet/" + name,
            "Service/" + name,
            "Service/" + name + "-headless");
    String[] workspaceReconciles = {"controller=\"workspace\"", "result=\"success\""};
    double reconciles =
        cluster.metric("kaito_reconcile_duration_seconds_count", workspaceReconciles);

    client
        .pods()
        .inNamespace(ns)
        .withName(pod.getMetadata().getName())
        .edit(
            p -> {
              Map<String, String> annotations = new TreeMap<>();
              if (p.getMetadata().getAnnotations() != null) {
                annotations.putAll(p.getMetadata().getAnnotations());
              }
              annotations.put("e2e.kaito.sh/poke", "1");
              p.getMetadata().setAnnotations(annotations);
              return p;
            });

    await("a reconcile of " + name + " after the pod changed")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(
            () ->
                cluster.metric("kaito_reconcile_duration_seconds_count", workspaceReconciles)
                    > reconciles);
    assertThat(resourceVersionsOf(name)).isEqualTo(before);
  }

  /** kind/name to resourceVersion of the Workspace and the objects the operator made for it. */
  private Map<String, String> resourceVersionsOf(String name) {
    Map<String, String> versions = new TreeMap<>();
    Stream.of(
            Stream.of(client.resources(Workspace.class).inNamespace(ns).withName(name).get()),
            Stream.of(client.apps().statefulSets().inNamespace(ns).withName(name).get()),
            client.services().inNamespace(ns).list().getItems().stream(),
            client.configMaps().inNamespace(ns).list().getItems().stream()
                .filter(c -> !c.getMetadata().getName().equals("kube-root-ca.crt")),
            client.apps().controllerRevisions().inNamespace(ns).list().getItems().stream(),
            cluster.machinesOf(ns).stream())
        .flatMap(s -> s)
        .forEach(
            o ->
                versions.put(
                    o.getKind() + "/" + o.getMetadata().getName(),
                    o.getMetadata().getResourceVersion()));
    return versions;
  }

  @Test
  void deletedWorkspacesLeaveNoMachineNodeOrWorkload() throws IOException {
    createPushSecret();
    cluster.create(ns, Files.readString(PHI_4_MINI));
    cluster.create(ns, seedWithLocalValues());
    String inference = "workspace-phi-4-mini";
    String tuning = "workspace-tuning-phi-3";
    awaitCondition(inference, WorkspaceConditions.INFERENCE_READY);
    await("tuning Job pods Succeeded")
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .until(
            () -> client.pods().inNamespace(ns).withLabel("job-name", tuning).list().getItems(),
            pods ->
                !pods.isEmpty()
                    && pods.stream().allMatch(p -> "Succeeded".equals(p.getStatus().getPhase())));
    List<Machine> machines = cluster.machinesOf(ns);
    assertThat(machines).hasSize(2);
    List<String> nodes = machines.stream().map(m -> m.getStatus().nodeName()).toList();
    assertThat(nodes).doesNotContainNull();

    client.resources(Workspace.class).inNamespace(ns).withName(inference).delete();
    client.resources(Workspace.class).inNamespace(ns).withName(tuning).delete();

    await("Workspaces, Machines, Nodes and workloads gone")
        .atMost(E2eCluster.CLEANUP_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(client.resources(Workspace.class).inNamespace(ns).list().getItems())
                  .as("Workspaces")
                  .isEmpty();
              assertThat(cluster.machinesOf(ns)).as("Machines").isEmpty();
              for (String n : nodes) {
                assertThat(client.nodes().withName(n).get()).as("Node " + n).isNull();
              }
              assertThat(client.apps().statefulSets().inNamespace(ns).list().getItems())
                  .as("StatefulSets")
                  .isEmpty();
              assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems())
                  .as("Jobs")
                  .isEmpty();
              assertThat(client.services().inNamespace(ns).list().getItems())
                  .as("Services")
                  .isEmpty();
              assertThat(client.pods().inNamespace(ns).list().getItems())
                  .as("Pods (the Running one is removed by the pod GC once its node is gone)")
                  .isEmpty();
              assertThat(
                      client.configMaps().inNamespace(ns).list().getItems().stream()
                          .map(c -> c.getMetadata().getName())
                          .filter(c -> !c.equals("kube-root-ca.crt")))
                  .as("ConfigMaps")
                  .isEmpty();
            });
  }

  // --- helpers
  // -------------------------------------------------------------------------------------------------

  static String seedWithLocalValues() throws IOException {
    return Files.readString(SEED)
        .replace("ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1", LOCAL_OUTPUT_IMAGE)
        .replace("ACR_REGISTRY_SECRET_HERE", LOCAL_PUSH_SECRET);
  }

  /** The image push secret the seed names (a docker config for the local registry). */
  private void createPushSecret() {
    String auth =
        Base64.getEncoder().encodeToString("kaito:kaito".getBytes(StandardCharsets.UTF_8));
    String dockerConfig = "{\"auths\":{\"localhost:5000\":{\"auth\":\"" + auth + "\"}}}";
    client
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(LOCAL_PUSH_SECRET)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(
                    Map.of(
                        ".dockerconfigjson",
                        Base64.getEncoder()
                            .encodeToString(dockerConfig.getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
  }

  private Machine awaitReadyMachine(String workspace, String instanceType) {
    Machine machine =
        await("Machine of " + workspace + " Ready")
            .atMost(TIMEOUT)
            .pollInterval(POLL)
            .until(
                () ->
                    cluster.machinesOf(ns).stream()
                        .filter(
                            m ->
                                workspace.equals(
                                    m.getMetadata()
                                        .getLabels()
                                        .get(sh.kaito.operator.api.KaitoApi.LABEL_WORKSPACE)))
                        .findFirst()
                        .orElse(null),
                m ->
                    m != null
                        && m.getStatus() != null
                        && Conditions.isTrue(m.getStatus().conditions(), "Ready"));
    assertThat(machine.getSpec().instanceType()).isEqualTo(instanceType);
    assertThat(machine.getStatus().nodeName()).isNotBlank();
    return machine;
  }

  /**
   * The Node of a Machine: created by the simulated cloud with the instance type's GPU, managed by
   * kwok (which renews its Lease) and Ready.
   */
  private Node awaitNodeKeptReadyByKwok(Machine machine) {
    String name = machine.getStatus().nodeName();
    Node node =
        await("Node " + name + " Ready with a Lease renewed by kwok")
            .atMost(TIMEOUT)
            .pollInterval(POLL)
            .until(
                () -> {
                  Lease lease = client.leases().inNamespace("kube-node-lease").withName(name).get();
                  return lease == null || lease.getSpec().getRenewTime() == null
                      ? null
                      : client.nodes().withName(name).get();
                },
                n -> n != null && isReady(n));
    assertThat(node.getMetadata().getAnnotations()).containsEntry("kwok.x-k8s.io/node", "fake");
    assertThat(node.getStatus().getAllocatable().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
    assertThat(node.getSpec().getTaints())
        .as("no node-lifecycle taints (not-ready, unreachable)")
        .noneMatch(t -> t.getKey().startsWith("node.kubernetes.io/"));
    return node;
  }

  /** Still Ready, with a Lease renewed within its 40 s duration: kwok keeps the node alive. */
  private void assertNodeStillReady(String name) {
    Node node = client.nodes().withName(name).get();
    assertThat(node).as("Node " + name).isNotNull();
    assertThat(isReady(node)).as("Node " + name + " Ready").isTrue();
    Lease lease = client.leases().inNamespace("kube-node-lease").withName(name).get();
    Instant renewed = lease.getSpec().getRenewTime().toInstant();
    assertThat(renewed)
        .as("last renewal of the Lease of " + name)
        .isAfter(
            Instant.now().minus(Duration.ofSeconds(lease.getSpec().getLeaseDurationSeconds())));
  }

  private static boolean isReady(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private Workspace awaitCondition(String name, String type) {
    await(type + "=True on Workspace " + name)
        .atMost(TIMEOUT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              Workspace ws = client.resources(Workspace.class).inNamespace(ns).withName(name).get();
              assertThat(ws).as("Workspace " + name).isNotNull();
              assertThat(ws.getStatus()).as("status of Workspace " + name).isNotNull();
              assertThat(Conditions.find(ws.getStatus().conditions(), type))
                  .as("condition " + type + " among " + ws.getStatus().conditions())
                  .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
            });
    return client.resources(Workspace.class).inNamespace(ns).withName(name).get();
  }
}
