package sh.kaito.operator.workspace.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;

import sh.kaito.operator.api.v1beta1.Metric;
import sh.kaito.operator.api.v1beta1.Performance;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.api.v1beta1.WorkspaceState;
import sh.kaito.operator.api.v1beta1.WorkspaceStatus;
import sh.kaito.operator.common.Conditions;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.V100;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.testsupport.Workspaces.tuning;

/** A Workspace's status from what the controller observed, with KAITO's conditions. */
class WorkspaceStatusBuilderTest {
  private static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");
  private static final Instant T1 = Instant.parse("2026-02-01T08:05:00Z");
  private static final Instant T2 = Instant.parse("2026-02-01T08:10:00Z");
  private static final List<String> NODES = List.of("node-a", "node-b");
  private static final NodeReadiness NODES_READY = NodeReadiness.ready(NODES);
  private static final NodeReadiness NODES_NOT_READY =
      NodeReadiness.notReady(List.of("node-a"), "1 of the 2 nodes the workload needs are ready");

  private static Workspace inferenceWs() {
    Workspace ws = inference("phi-4").instanceType(A100).count(2).build();
    ws.getMetadata().setGeneration(4L);
    return ws;
  }

  private static Workspace tuningWs() {
    Workspace ws = tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).build();
    ws.getMetadata().setGeneration(2L);
    return ws;
  }

  private static WorkspaceStatus compute(
      Workspace ws, NodeReadiness nodes, WorkloadObservation workload, Instant now) {
    return WorkspaceStatusBuilder.compute(ws, 2, nodes, workload, null, now);
  }

  private static Condition condition(WorkspaceStatus status, String type) {
    return Conditions.find(status.conditions(), type)
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status));
  }

  private static void assertCondition(
      WorkspaceStatus status, String type, String expectedStatus, String reason, String message) {
    Condition c = condition(status, type);
    assertThat(c.getStatus()).as(type + " status").isEqualTo(expectedStatus);
    assertThat(c.getReason()).as(type + " reason").isEqualTo(reason);
    assertThat(c.getMessage()).as(type + " message").isEqualTo(message);
  }

  // --- tuning ---------------------------------------------------------------------------------

  @Test
  void tuningPendingBeforeTheJobExists() {
    WorkspaceStatus status = compute(tuningWs(), NODES_READY, WorkloadObservation.none(), T0);

    assertCondition(
        status,
        WorkspaceConditions.JOB_STARTED,
        "False",
        "WorkspaceTuningJobStatusPending",
        "Tuning job has not started");
    assertCondition(
        status,
        WorkspaceConditions.WORKSPACE_SUCCEEDED,
        "False",
        "workspacePending",
        "workspace is initializing, tuning job has not started");
    assertThat(status.state()).isEqualTo(WorkspaceState.PENDING);
    assertThat(Conditions.find(status.conditions(), WorkspaceConditions.INFERENCE_READY)).isEmpty();
  }

  @Test
  void tuningJobThatExistsWithoutPodsIsStillPending() {
    WorkspaceStatus status =
        compute(tuningWs(), NODES_READY, WorkloadObservation.job(0, 0, false, false), T0);

    assertThat(status.state()).isEqualTo(WorkspaceState.PENDING);
    assertThat(condition(status, WorkspaceConditions.JOB_STARTED).getStatus()).isEqualTo("False");
  }

  @Test
  void tuningStartedWithAnActivePod() {
    WorkspaceStatus status =
        compute(tuningWs(), NODES_READY, WorkloadObservation.job(1, 0, false, false), T0);

    assertCondition(
        status,
        WorkspaceConditions.JOB_STARTED,
        "True",
        "WorkspaceTuningJobStatusStarted",
        "Tuning job has started");
    assertCondition(
        status,
        WorkspaceConditions.WORKSPACE_SUCCEEDED,
        "False",
        "workspacePending",
        "workspace has not completed yet, tuning job is running");
    assertThat(status.state()).isEqualTo(WorkspaceState.RUNNING);
  }

  @Test
  void tuningRunningWithAReadyPod() {
    WorkspaceStatus status =
        compute(tuningWs(), NODES_READY, WorkloadObservation.job(1, 1, false, false), T0);

    assertThat(condition(status, WorkspaceConditions.JOB_STARTED).getStatus()).isEqualTo("True");
    assertThat(status.state()).isEqualTo(WorkspaceState.RUNNING);
  }

  @Test
  void tuningSucceeded() {
    WorkspaceStatus status =
        compute(tuningWs(), NODES_READY, WorkloadObservation.job(0, 0, false, true), T0);

    assertCondition(
        status,
        WorkspaceConditions.JOB_STARTED,
        "True",
        "WorkspaceTuningJobStatusStarted",
        "Tuning job has started");
    assertCondition(
        status,
        WorkspaceConditions.WORKSPACE_SUCCEEDED,
        "True",
        "workspaceSucceeded",
        "workspace succeeds");
    assertThat(status.state()).isEqualTo(WorkspaceState.SUCCEEDED);
  }

  @Test
  void tuningFailed() {
    WorkspaceStatus status =
        compute(tuningWs(), NODES_READY, WorkloadObservation.job(0, 0, true, false), T0);

    assertCondition(
        status,
        WorkspaceConditions.JOB_STARTED,
        "False",
        "WorkspaceTuningJobStatusFailed",
        "tuning job failed");
    assertCondition(
        status,
        WorkspaceConditions.WORKSPACE_SUCCEEDED,
        "False",
        "workspaceFailed",
        "tuning job failed");
    assertThat(status.state()).isEqualTo(WorkspaceState.FAILED);
  }

  // --- inference ------------------------------------------------------------------------------

  @Test
  void inferenceReadyWhenAllReplicasAndTheNodesAreReady() {
    WorkspaceStatus status =
        compute(
            inferenceWs(), NODES_READY, WorkloadObservation.inference(2, 2, Optional.empty()), T0);

    assertCondition(
        status,
        WorkspaceConditions.INFERENCE_READY,
        "True",
        "WorkspaceInferenceStatusSuccess",
        "Inference has been deployed successfully");
    assertCondition(
        status,
        WorkspaceConditions.WORKSPACE_SUCCEEDED,
        "True",
        "workspaceSucceeded",
        "workspace succeeds");
    assertThat(status.state()).isEqualTo(WorkspaceState.READY);
    assertThat(Conditions.find(status.conditions(), WorkspaceConditions.JOB_STARTED)).isEmpty();
  }

  @Test
  void inferenceNotReadyWhenReplicasAreReadyButTheNodesAreNot() {
    WorkspaceStatus status =
        compute(
            inferenceWs(),
            NODES_NOT_READY,
            WorkloadObservation.inference(2, 2, Optional.empty()),
            T0);

    assertCondition(
        status,
        WorkspaceConditions.INFERENCE_READY,
        "False",
        "WorkspaceInferenceStatusPending",
        "Inference workload is not ready");
    assertCondition(
        status,
        WorkspaceConditions.WORKSPACE_SUCCEEDED,
        "False",
        "workspacePending",
        "workspace is waiting for inference workload readiness");
    assertThat(status.state()).isEqualTo(WorkspaceState.PENDING);
  }

  @Test
  void inferenceNotReadyWhenNodesAreReadyButNotAllReplicas() {
    WorkspaceStatus status =
        compute(
            inferenceWs(), NODES_READY, WorkloadObservation.inference(2, 1, Optional.empty()), T0);

    assertThat(condition(status, WorkspaceConditions.INFERENCE_READY).getStatus())
        .isEqualTo("False");
    assertThat(status.state()).isEqualTo(WorkspaceState.PENDING);
  }

  @Test
  void inferenceNotReadyWithoutAStatefulSet() {
    WorkspaceStatus status = compute(inferenceWs(), NODES_READY, WorkloadObservation.none(), T0);

    assertThat(condition(status, WorkspaceConditions.INFERENCE_READY).getStatus())
        .isEqualTo("False");
    assertThat(status.state()).isEqualTo(WorkspaceState.PENDING);
  }

  @Test
  void onceEstablishedAnUnreadyInferenceIsNotReadyNotPending() {
    Workspace ws = inferenceWs();
    ws.setStatus(
        compute(ws, NODES_READY, WorkloadObservation.inference(2, 2, Optional.empty()), T0));
    assertThat(ws.getStatus().state()).isEqualTo(WorkspaceState.READY);

    WorkspaceStatus degraded =
        compute(ws, NODES_READY, WorkloadObservation.inference(2, 1, Optional.empty()), T1);
    assertThat(degraded.state()).isEqualTo(WorkspaceState.NOT_READY);
    assertThat(condition(degraded, WorkspaceConditions.INFERENCE_READY).getLastTransitionTime())
        .isEqualTo("2026-02-01T08:05:00Z");

    ws.setStatus(degraded);
    WorkspaceStatus stillDegraded =
        compute(ws, NODES_READY, WorkloadObservation.inference(2, 0, Optional.empty()), T2);
    assertThat(stillDegraded.state()).isEqualTo(WorkspaceState.NOT_READY);

    ws.setStatus(stillDegraded);
    WorkspaceStatus recovered =
        compute(ws, NODES_READY, WorkloadObservation.inference(2, 2, Optional.empty()), T2);
    assertThat(recovered.state()).isEqualTo(WorkspaceState.READY);
  }

  @Test
  void podFailureReasonSurfacesOnInferenceReady() {
    PodFailure failure =
        new PodFailure(
            PodFailures.IMAGE_PULL_ERROR,
            "container \"model\" image pull failed (ErrImagePull): denied");

    WorkspaceStatus status =
        compute(
            inferenceWs(),
            NODES_READY,
            WorkloadObservation.inference(2, 0, Optional.of(failure)),
            T0);

    assertCondition(
        status,
        WorkspaceConditions.INFERENCE_READY,
        "False",
        "ImagePullError",
        "container \"model\" image pull failed (ErrImagePull): denied");
    assertCondition(
        status,
        WorkspaceConditions.WORKSPACE_SUCCEEDED,
        "False",
        "workspacePending",
        "workspace is waiting for inference workload readiness");
    assertThat(status.state()).isEqualTo(WorkspaceState.PENDING);
  }

  @Test
  void aStalePodFailureDoesNotHideReadiness() {
    PodFailure failure = new PodFailure(PodFailures.CRASH_LOOP, "old crash");

    WorkspaceStatus status =
        compute(
            inferenceWs(),
            NODES_READY,
            WorkloadObservation.inference(2, 2, Optional.of(failure)),
            T0);

    assertThat(condition(status, WorkspaceConditions.INFERENCE_READY).getReason())
        .isEqualTo("WorkspaceInferenceStatusSuccess");
    assertThat(status.state()).isEqualTo(WorkspaceState.READY);
  }

  // --- nodes ----------------------------------------------------------------------------------

  @Test
  void readyNodesGiveResourceReadyAndNodesReady() {
    WorkspaceStatus status = compute(inferenceWs(), NODES_READY, WorkloadObservation.none(), T0);

    assertCondition(
        status,
        WorkspaceConditions.RESOURCE_READY,
        "True",
        "workspaceResourceStatusSuccess",
        "workspace resource is ready");
    assertCondition(
        status, WorkspaceConditions.NODES_READY, "True", "NodesReady", "Enough Nodes are ready");
    assertThat(status.workerNodes()).containsExactly("node-a", "node-b");
  }

  @Test
  void unreadyNodesGiveResourceNotReadyWithTheProvisionersMessage() {
    WorkspaceStatus status =
        compute(inferenceWs(), NODES_NOT_READY, WorkloadObservation.none(), T0);

    assertCondition(
        status,
        WorkspaceConditions.RESOURCE_READY,
        "False",
        "workspaceResourceStatusNotReady",
        "1 of the 2 nodes the workload needs are ready");
    assertCondition(
        status,
        WorkspaceConditions.NODES_READY,
        "False",
        "NodeNotReady",
        "Not enough Nodes are ready");
    assertThat(status.workerNodes()).containsExactly("node-a");
  }

  @Test
  void aTerminalNodeFailureKeepsItsReason() {
    NodeReadiness quota =
        NodeReadiness.failed(
            List.of(), "QuotaExceeded", "Machine wsabc: Operation could not be completed");

    WorkspaceStatus status = compute(inferenceWs(), quota, WorkloadObservation.none(), T0);

    assertCondition(
        status,
        WorkspaceConditions.RESOURCE_READY,
        "False",
        "QuotaExceeded",
        "Machine wsabc: Operation could not be completed");
    assertThat(condition(status, WorkspaceConditions.NODES_READY).getStatus()).isEqualTo("False");
    assertThat(status.workerNodes()).isNull();
  }

  @Test
  void everyConditionCarriesTheGeneration() {
    WorkspaceStatus status =
        compute(
            inferenceWs(), NODES_READY, WorkloadObservation.inference(2, 2, Optional.empty()), T0);

    assertThat(status.conditions())
        .extracting(Condition::getType)
        .containsExactlyInAnyOrder(
            "NodesReady", "ResourceReady", "InferenceReady", "WorkspaceSucceeded");
    assertThat(status.conditions())
        .allSatisfy(
            c -> {
              assertThat(c.getObservedGeneration()).isEqualTo(4L);
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-02-01T08:00:00Z");
            });
  }

  @Test
  void aWorkspaceWithoutGenerationRecordsZero() {
    Workspace ws = inference("phi-4").instanceType(A100).build();

    WorkspaceStatus status = compute(ws, NODES_READY, WorkloadObservation.none(), T0);

    assertThat(condition(status, WorkspaceConditions.RESOURCE_READY).getObservedGeneration())
        .isZero();
  }

  // --- deleting -------------------------------------------------------------------------------

  @Test
  void deletingSetsWorkspaceDeletingAndKeepsTheRest() {
    Workspace ws = inferenceWs();
    WorkspaceStatus ready =
        compute(ws, NODES_READY, WorkloadObservation.inference(2, 2, Optional.empty()), T0);
    WorkspaceStatus before =
        new WorkspaceStatus(
            ready.workerNodes(),
            ready.state(),
            ready.conditions(),
            2,
            new Performance(
                Map.of("peakTokensPerMinute", new Metric("peak", "1200", "tpm", null))));
    ws.setStatus(before);

    WorkspaceStatus deleting = WorkspaceStatusBuilder.deleting(ws, T1);

    assertCondition(
        deleting,
        WorkspaceConditions.WORKSPACE_DELETING,
        "True",
        "workspaceDeleted",
        "workspace is being deleted");
    assertThat(condition(deleting, WorkspaceConditions.WORKSPACE_DELETING).getLastTransitionTime())
        .isEqualTo("2026-02-01T08:05:00Z");
    assertThat(Conditions.remove(deleting.conditions(), WorkspaceConditions.WORKSPACE_DELETING))
        .isEqualTo(before.conditions());
    assertThat(deleting.state()).isEqualTo(WorkspaceState.READY);
    assertThat(deleting.workerNodes()).isEqualTo(before.workerNodes());
    assertThat(deleting.targetNodeCount()).isEqualTo(2);
    assertThat(deleting.performance()).isEqualTo(before.performance());

    ws.setStatus(deleting);
    assertThat(WorkspaceStatusBuilder.deleting(ws, T2)).isEqualTo(deleting);
  }

  @Test
  void deletingAWorkspaceWithoutStatus() {
    WorkspaceStatus deleting = WorkspaceStatusBuilder.deleting(inferenceWs(), T0);

    assertThat(deleting.conditions())
        .extracting(Condition::getType)
        .containsExactly(WorkspaceConditions.WORKSPACE_DELETING);
    assertThat(deleting.state()).isNull();
    assertThat(deleting.workerNodes()).isNull();
    assertThat(deleting.targetNodeCount()).isNull();
    assertThat(deleting.performance()).isNull();
  }

  // --- reconcile error ------------------------------------------------------------------------

  @Test
  void theReconcileErrorIsAppendedToEveryMessage() {
    WorkspaceStatus status =
        WorkspaceStatusBuilder.compute(
            inferenceWs(),
            2,
            NODES_READY,
            WorkloadObservation.inference(2, 1, Optional.empty()),
            "services \"x\" is forbidden",
            T0);

    assertThat(condition(status, WorkspaceConditions.INFERENCE_READY).getMessage())
        .isEqualTo(
            "Inference workload is not ready (last reconcile error: services \"x\" is forbidden)");
    assertThat(status.conditions())
        .allSatisfy(
            c ->
                assertThat(c.getMessage())
                    .endsWith(" (last reconcile error: services \"x\" is forbidden)"));
  }

  @Test
  void theReconcileErrorIsAddedOnlyOnce() {
    Workspace ws = inferenceWs();
    String error = "quota exceeded";
    ws.setStatus(
        WorkspaceStatusBuilder.compute(
            ws, 2, NODES_READY, WorkloadObservation.inference(2, 1, Optional.empty()), error, T0));

    WorkspaceStatus again =
        WorkspaceStatusBuilder.compute(
            ws, 2, NODES_READY, WorkloadObservation.inference(2, 1, Optional.empty()), error, T1);

    String message = condition(again, WorkspaceConditions.INFERENCE_READY).getMessage();
    assertThat(message)
        .isEqualTo("Inference workload is not ready (last reconcile error: quota exceeded)");
    assertThat(message.split("last reconcile error", -1)).hasSize(2);
    assertThat(again).isEqualTo(ws.getStatus());
  }

  @Test
  void aMessageAlreadyContainingTheErrorIsNotSuffixed() {
    NodeReadiness failed =
        NodeReadiness.failed(List.of(), "QuotaExceeded", "quota exceeded in eastus");

    WorkspaceStatus status =
        WorkspaceStatusBuilder.compute(
            inferenceWs(), 2, failed, WorkloadObservation.none(), "quota exceeded in eastus", T0);

    assertThat(condition(status, WorkspaceConditions.RESOURCE_READY).getMessage())
        .isEqualTo("quota exceeded in eastus");
  }

  @Test
  void anEmptyReconcileErrorAddsNothing() {
    WorkspaceStatus status =
        WorkspaceStatusBuilder.compute(
            inferenceWs(), 2, NODES_READY, WorkloadObservation.none(), "", T0);

    assertThat(status.conditions())
        .allSatisfy(c -> assertThat(c.getMessage()).doesNotContain("reconcile error"));
  }

  @Test
  void theErrorSuffixGoesAwayOnceTheErrorIsGone() {
    Workspace ws = inferenceWs();
    ws.setStatus(
        WorkspaceStatusBuilder.compute(ws, 2, NODES_READY, WorkloadObservation.none(), "boom", T0));

    WorkspaceStatus clean =
        WorkspaceStatusBuilder.compute(ws, 2, NODES_READY, WorkloadObservation.none(), null, T1);

    assertThat(condition(clean, WorkspaceConditions.INFERENCE_READY).getMessage())
        .isEqualTo("Inference workload is not ready");
  }

  // --- the rest of the status -----------------------------------------------------------------

  @Test
  void targetNodeCountIsRecorded() {
    WorkspaceStatus status =
        WorkspaceStatusBuilder.compute(
            inferenceWs(), 3, NODES_READY, WorkloadObservation.none(), null, T0);

    assertThat(status.targetNodeCount()).isEqualTo(3);
  }

  @Test
  void performanceIsKept() {
    Workspace ws = inferenceWs();
    Performance performance =
        new Performance(Map.of("peakTokensPerMinute", new Metric("peak", "900", "tpm", null)));
    ws.setStatus(new WorkspaceStatus(null, null, null, 2, performance));

    WorkspaceStatus status = compute(ws, NODES_READY, WorkloadObservation.none(), T0);

    assertThat(status.performance()).isEqualTo(performance);
  }

  @Test
  void noWorkerNodesIsNull() {
    WorkspaceStatus status =
        compute(
            inferenceWs(),
            NodeReadiness.notReady(List.of(), "0 of 2"),
            WorkloadObservation.none(),
            T0);

    assertThat(status.workerNodes()).isNull();
  }

  // --- settled Workspaces are not written -----------------------------------------------------

  @Test
  void computingTwiceFromTheSameObservationGivesAnEqualInferenceStatus() {
    Workspace ws = inferenceWs();
    WorkloadObservation workload = WorkloadObservation.inference(2, 2, Optional.empty());
    ws.setStatus(compute(ws, NODES_READY, workload, T0));

    WorkspaceStatus second = compute(ws, NODES_READY, workload, T1);

    assertThat(second).isEqualTo(ws.getStatus());
  }

  @Test
  void computingTwiceGivesAnEqualStatusForAnUnreadyInference() {
    Workspace ws = inferenceWs();
    WorkloadObservation workload =
        WorkloadObservation.inference(
            2, 0, Optional.of(new PodFailure(PodFailures.UNSCHEDULABLE, "no nodes")));
    ws.setStatus(compute(ws, NODES_NOT_READY, workload, T0));

    assertThat(compute(ws, NODES_NOT_READY, workload, T1)).isEqualTo(ws.getStatus());
  }

  @Test
  void computingTwiceGivesAnEqualTuningStatusInEveryPhase() {
    for (WorkloadObservation job :
        List.of(
            WorkloadObservation.none(),
            WorkloadObservation.job(1, 1, false, false),
            WorkloadObservation.job(0, 0, false, true),
            WorkloadObservation.job(0, 0, true, false))) {
      Workspace ws = tuningWs();
      ws.setStatus(compute(ws, NODES_READY, job, T0));

      assertThat(compute(ws, NODES_READY, job, T1)).as(job.toString()).isEqualTo(ws.getStatus());
    }
  }

  @Test
  void aFlipChangesOnlyTheFlippedConditionsTransitionTime() {
    Workspace ws = inferenceWs();
    ws.setStatus(
        compute(ws, NODES_READY, WorkloadObservation.inference(2, 1, Optional.empty()), T0));

    WorkspaceStatus ready =
        compute(ws, NODES_READY, WorkloadObservation.inference(2, 2, Optional.empty()), T1);

    assertThat(condition(ready, WorkspaceConditions.RESOURCE_READY).getLastTransitionTime())
        .isEqualTo("2026-02-01T08:00:00Z");
    assertThat(condition(ready, WorkspaceConditions.NODES_READY).getLastTransitionTime())
        .isEqualTo("2026-02-01T08:00:00Z");
    assertThat(condition(ready, WorkspaceConditions.INFERENCE_READY).getLastTransitionTime())
        .isEqualTo("2026-02-01T08:05:00Z");
    assertThat(condition(ready, WorkspaceConditions.WORKSPACE_SUCCEEDED).getLastTransitionTime())
        .isEqualTo("2026-02-01T08:05:00Z");
  }
}
