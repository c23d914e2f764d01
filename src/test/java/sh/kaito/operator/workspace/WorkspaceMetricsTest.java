package sh.kaito.operator.workspace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.api.v1beta1.WorkspaceStatus;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.testsupport.Workspaces.WorkspaceBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.testsupport.Workspaces.tuning;

/** KAITO's Workspace phase for kaito_workspace_count, from the Workspace's conditions. */
class WorkspaceMetricsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** A Workspace with these conditions, each given as type, status, reason. */
  private static Workspace withConditions(WorkspaceBuilder b, String... typeStatusReason) {
    Workspace ws = b.build();
    List<Condition> conditions = new ArrayList<>();
    for (int i = 0; i < typeStatusReason.length; i += 3) {
      conditions =
          Conditions.set(
              conditions,
              typeStatusReason[i],
              typeStatusReason[i + 1],
              typeStatusReason[i + 2],
              "",
              1L,
              NOW);
    }
    ws.setStatus(new WorkspaceStatus(null, null, conditions, null, null));
    return ws;
  }

  private static Workspace succeeded(String status, String reason) {
    return withConditions(
        inference("phi-4").instanceType(A100),
        WorkspaceConditions.WORKSPACE_SUCCEEDED,
        status,
        reason);
  }

  @Test
  void workspaceDeletingTrueIsDeleting() {
    Workspace ws =
        withConditions(
            inference("phi-4"),
            WorkspaceConditions.WORKSPACE_SUCCEEDED,
            "True",
            WorkspaceConditions.REASON_SUCCEEDED,
            WorkspaceConditions.WORKSPACE_DELETING,
            "True",
            WorkspaceConditions.REASON_DELETED);

    assertThat(WorkspaceMetrics.phase(ws)).isEqualTo("deleting");
  }

  @Test
  void aDeletionTimestampIsDeletingBeforeTheConditionIsWritten() {
    Workspace ws =
        withConditions(
            inference("phi-4").deleting(),
            WorkspaceConditions.WORKSPACE_SUCCEEDED,
            "False",
            WorkspaceConditions.REASON_FAILED);

    assertThat(WorkspaceMetrics.phase(ws)).isEqualTo("deleting");
    assertThat(WorkspaceMetrics.phase(inference("phi-4").deleting().build())).isEqualTo("deleting");
  }

  @Test
  void workspaceDeletingFalseIsNotDeleting() {
    Workspace ws =
        withConditions(
            inference("phi-4"),
            WorkspaceConditions.WORKSPACE_DELETING,
            "False",
            "NotDeleting",
            WorkspaceConditions.WORKSPACE_SUCCEEDED,
            "True",
            WorkspaceConditions.REASON_SUCCEEDED);

    assertThat(WorkspaceMetrics.phase(ws)).isEqualTo("succeeded");
  }

  @Test
  void workspaceSucceededTrueIsSucceeded() {
    assertThat(WorkspaceMetrics.phase(succeeded("True", WorkspaceConditions.REASON_SUCCEEDED)))
        .isEqualTo("succeeded");
  }

  @Test
  void workspaceFailedIsError() {
    assertThat(WorkspaceMetrics.phase(succeeded("False", "workspaceFailed"))).isEqualTo("error");
  }

  @Test
  void benchmarkFailedIsError() {
    assertThat(WorkspaceMetrics.phase(succeeded("False", "BenchmarkFailed"))).isEqualTo("error");
  }

  @Test
  void workspacePendingIsPendingNotError() {
    assertThat(WorkspaceMetrics.phase(succeeded("False", "workspacePending"))).isEqualTo("pending");
  }

  @Test
  void unknownSucceededIsPending() {
    assertThat(WorkspaceMetrics.phase(succeeded("Unknown", "Initializing"))).isEqualTo("pending");
  }

  @Test
  void noStatusOrNoSucceededConditionIsPending() {
    assertThat(WorkspaceMetrics.phase(inference("phi-4").build())).isEqualTo("pending");
    assertThat(
            WorkspaceMetrics.phase(
                withConditions(
                    tuning("phi-3-mini-128k-instruct", "qlora"),
                    WorkspaceConditions.RESOURCE_READY,
                    "True",
                    WorkspaceConditions.REASON_RESOURCE_SUCCESS)))
        .isEqualTo("pending");
  }

  @Test
  void gaugesCountWorkspacesPerPhase() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WorkspaceMetrics metrics = new WorkspaceMetrics(registry);
    metrics.observe(
        () ->
            List.of(
                succeeded("True", WorkspaceConditions.REASON_SUCCEEDED),
                succeeded("True", WorkspaceConditions.REASON_SUCCEEDED),
                succeeded("False", WorkspaceConditions.REASON_FAILED),
                succeeded("False", WorkspaceConditions.REASON_PENDING),
                inference("phi-4").deleting().build()));

    assertThat(registry.get("kaito_workspace_count").tag("phase", "succeeded").gauge().value())
        .isEqualTo(2.0);
    assertThat(registry.get("kaito_workspace_count").tag("phase", "error").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("kaito_workspace_count").tag("phase", "pending").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("kaito_workspace_count").tag("phase", "deleting").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void aNewMetricsBeanOnTheSameRegistryOwnsTheGauges() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WorkspaceMetrics old = new WorkspaceMetrics(registry);
    old.observe(() -> List.of(succeeded("True", WorkspaceConditions.REASON_SUCCEEDED)));
    old.refreshPresets();

    // The application restarts against the same registry: the new bean's cache is what counts.
    WorkspaceMetrics current = new WorkspaceMetrics(registry);
    current.observe(
        () ->
            List.of(
                succeeded("True", WorkspaceConditions.REASON_SUCCEEDED),
                succeeded("True", WorkspaceConditions.REASON_SUCCEEDED),
                succeeded("False", WorkspaceConditions.REASON_PENDING)));
    current.refreshPresets();

    assertThat(registry.get("kaito_workspace_count").tag("phase", "succeeded").gauge().value())
        .isEqualTo(2.0);
    assertThat(registry.get("kaito_workspace_count").tag("phase", "pending").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("kaito_workspace_preset_count").gauge().value()).isEqualTo(3.0);
    assertThat(registry.find("kaito_workspace_count").gauges()).hasSize(4);
  }
}
