package sh.kaito.operator.workspace;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.testsupport.Workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The BYO cases on a real kube-apiserver (kube-api-test) with Server-Side Apply on, as the operator
 * runs in production: status, finalizer and workload writes go through SSA, and the API server
 * checks them against the CRD schemas of every version. Skipped when the control-plane binaries are
 * not built (see {@link sh.kaito.operator.testsupport.RealApiServer}).
 */
@QuarkusTest
@TestProfile(ByoOnApiServerProfile.class)
@EnabledIf("sh.kaito.operator.testsupport.RealApiServer#available")
class ByoWorkspaceOnApiServerTest extends ByoWorkspaceScenarios {
  @Inject MeterRegistry registry;

  /**
   * A reconcile that finds everything as desired writes nothing: the resourceVersions of the
   * Workspace and of its workload stay as they were. A change to the selected node triggers the
   * reconcile; the reconcile timer shows it ran.
   */
  @Test
  void aReconcileWithNothingToChangeWritesNothing() {
    readyGpuNode(nodeName, Map.of("apps", "byo-noop"));
    Workspace ws =
        client
            .resource(
                Workspaces.inference("phi-4-mini-instruct")
                    .name("noop")
                    .namespace(namespace)
                    .matchLabels("apps", "byo-noop")
                    .build())
            .create();
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              Workspace current = client.resource(ws).get();
              return current.getStatus() != null
                  && Conditions.isTrue(
                      current.getStatus().conditions(), WorkspaceConditions.WORKSPACE_SUCCEEDED);
            });
    Map<String, String> before = resourceVersions(ws);
    assertThat(before).containsKeys("Workspace/noop", "StatefulSet/noop", "Service/noop");
    long reconciles = workspaceReconciles();

    client
        .nodes()
        .withName(nodeName)
        .edit(
            n -> {
              n.getMetadata().getLabels().put("touched-by-test", "true");
              return n;
            });

    await().atMost(TIMEOUT).until(() -> workspaceReconciles() > reconciles);
    assertThat(resourceVersions(ws)).isEqualTo(before);
  }

  /**
   * A Workspace created as v1alpha1, like the seed example, gets its status: the API server
   * converts the object to the version of every field manager when the operator applies the status,
   * so the v1alpha1 schema must declare every status field (it once did not, and every status write
   * failed).
   */
  @Test
  void aWorkspaceCreatedAsV1alpha1GetsItsStatus() {
    readyGpuNode(nodeName, Map.of("apps", "byo-alpha"));
    client
        .resource(
            """
            apiVersion: kaito.sh/v1alpha1
            kind: Workspace
            metadata:
              name: alpha
              namespace: %s
            resource:
              instanceType: ""
              labelSelector:
                matchLabels:
                  apps: byo-alpha
            inference:
              preset:
                name: phi-4-mini-instruct
            """
                .formatted(namespace))
        .create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Workspace current =
                  client.resources(Workspace.class).inNamespace(namespace).withName("alpha").get();
              assertThat(current.getStatus()).isNotNull();
              assertThat(current.getStatus().targetNodeCount()).isEqualTo(1);
              assertThat(
                      Conditions.isTrue(
                          current.getStatus().conditions(),
                          WorkspaceConditions.WORKSPACE_SUCCEEDED))
                  .isTrue();
            });
  }

  private long workspaceReconciles() {
    return registry
        .find("kaito_reconcile_duration_seconds")
        .tag("controller", "workspace")
        .timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private Map<String, String> resourceVersions(Workspace ws) {
    Map<String, String> versions = new TreeMap<>();
    Stream.of(
            Stream.of(client.resource(ws).get()),
            Stream.of(client.apps().statefulSets().inNamespace(namespace).withName("noop").get()),
            client.services().inNamespace(namespace).list().getItems().stream(),
            client.apps().controllerRevisions().inNamespace(namespace).list().getItems().stream())
        .flatMap(s -> s)
        .map(HasMetadata.class::cast)
        .forEach(
            o ->
                versions.put(
                    o.getKind() + "/" + o.getMetadata().getName(),
                    o.getMetadata().getResourceVersion()));
    return versions;
  }
}
