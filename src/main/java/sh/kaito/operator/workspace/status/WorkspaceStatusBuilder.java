package sh.kaito.operator.workspace.status;

import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.api.v1beta1.WorkspaceState;
import sh.kaito.operator.api.v1beta1.WorkspaceStatus;
import sh.kaito.operator.common.Conditions;

/**
 * Computes a Workspace's new status from the old one and what was observed, with KAITO's
 * conditions, reasons and messages. Conditions that do not change keep their transition time, so
 * the result equals the old status when nothing changed and the controller writes nothing.
 */
public final class WorkspaceStatusBuilder {
  private final Workspace ws;
  private final long generation;
  private final String reconcileError;
  private final Instant now;
  private List<Condition> conditions;
  private WorkspaceState state;

  private WorkspaceStatusBuilder(Workspace ws, String reconcileError, Instant now) {
    this.ws = ws;
    this.generation =
        ws.getMetadata().getGeneration() == null ? 0 : ws.getMetadata().getGeneration();
    this.reconcileError = reconcileError;
    this.now = now;
    WorkspaceStatus old = ws.getStatus();
    this.conditions = old == null || old.conditions() == null ? List.of() : old.conditions();
    this.state = old == null ? null : old.state();
  }

  /**
   * The status of a Workspace that is not being deleted.
   *
   * @param targetNodeCount the count to record (set once)
   * @param reconcileError the error of this reconcile, appended to messages; null when none
   */
  public static WorkspaceStatus compute(
      Workspace ws,
      Integer targetNodeCount,
      NodeReadiness nodes,
      WorkloadObservation workload,
      String reconcileError,
      Instant now) {
    WorkspaceStatusBuilder b = new WorkspaceStatusBuilder(ws, reconcileError, now);
    b.nodes(nodes);
    if (ws.getTuning() != null) {
      b.tuning(workload);
    } else if (ws.getInference() != null) {
      b.inference(workload, nodes.ready());
    }
    return b.build(nodes.workerNodes(), targetNodeCount);
  }

  /** The status of a Workspace being deleted: only WorkspaceDeleting changes. */
  public static WorkspaceStatus deleting(Workspace ws, Instant now) {
    WorkspaceStatusBuilder b = new WorkspaceStatusBuilder(ws, null, now);
    b.set(
        WorkspaceConditions.WORKSPACE_DELETING,
        Conditions.TRUE,
        WorkspaceConditions.REASON_DELETED,
        "workspace is being deleted");
    WorkspaceStatus old = ws.getStatus();
    return b.build(
        old == null ? null : old.workerNodes(), old == null ? null : old.targetNodeCount());
  }

  private void nodes(NodeReadiness nodes) {
    if (nodes.ready()) {
      set(WorkspaceConditions.NODES_READY, Conditions.TRUE, "NodesReady", "Enough Nodes are ready");
    } else {
      set(
          WorkspaceConditions.NODES_READY,
          Conditions.FALSE,
          "NodeNotReady",
          "Not enough Nodes are ready");
    }
    set(
        WorkspaceConditions.RESOURCE_READY,
        nodes.ready() ? Conditions.TRUE : Conditions.FALSE,
        nodes.reason(),
        nodes.message());
  }

  private void tuning(WorkloadObservation job) {
    if (job.jobFailed()) {
      set(
          WorkspaceConditions.JOB_STARTED,
          Conditions.FALSE,
          WorkspaceConditions.REASON_TUNING_FAILED,
          "tuning job failed");
      set(
          WorkspaceConditions.WORKSPACE_SUCCEEDED,
          Conditions.FALSE,
          WorkspaceConditions.REASON_FAILED,
          "tuning job failed");
      state = WorkspaceState.FAILED;
      return;
    }
    if (job.jobStarted()) {
      set(
          WorkspaceConditions.JOB_STARTED,
          Conditions.TRUE,
          WorkspaceConditions.REASON_TUNING_STARTED,
          "Tuning job has started");
    } else {
      set(
          WorkspaceConditions.JOB_STARTED,
          Conditions.FALSE,
          WorkspaceConditions.REASON_TUNING_PENDING,
          "Tuning job has not started");
    }
    if (job.jobSucceeded()) {
      set(
          WorkspaceConditions.WORKSPACE_SUCCEEDED,
          Conditions.TRUE,
          WorkspaceConditions.REASON_SUCCEEDED,
          "workspace succeeds");
      state = WorkspaceState.SUCCEEDED;
    } else if (job.jobStarted()) {
      set(
          WorkspaceConditions.WORKSPACE_SUCCEEDED,
          Conditions.FALSE,
          WorkspaceConditions.REASON_PENDING,
          "workspace has not completed yet, tuning job is running");
      state = WorkspaceState.RUNNING;
    } else {
      set(
          WorkspaceConditions.WORKSPACE_SUCCEEDED,
          Conditions.FALSE,
          WorkspaceConditions.REASON_PENDING,
          "workspace is initializing, tuning job has not started");
      state = WorkspaceState.PENDING;
    }
  }

  private void inference(WorkloadObservation w, boolean resourceReady) {
    boolean established = state == WorkspaceState.READY || state == WorkspaceState.NOT_READY;
    boolean ready = w.exists() && w.readyReplicas() == w.replicas() && resourceReady;
    if (ready) {
      set(
          WorkspaceConditions.INFERENCE_READY,
          Conditions.TRUE,
          WorkspaceConditions.REASON_INFERENCE_SUCCESS,
          "Inference has been deployed successfully");
      set(
          WorkspaceConditions.WORKSPACE_SUCCEEDED,
          Conditions.TRUE,
          WorkspaceConditions.REASON_SUCCEEDED,
          "workspace succeeds");
      state = WorkspaceState.READY;
      return;
    }
    String reason = WorkspaceConditions.REASON_INFERENCE_PENDING;
    String message = "Inference workload is not ready";
    if (w.podFailure().isPresent()) {
      reason = w.podFailure().get().reason();
      message = w.podFailure().get().message();
    }
    set(WorkspaceConditions.INFERENCE_READY, Conditions.FALSE, reason, message);
    set(
        WorkspaceConditions.WORKSPACE_SUCCEEDED,
        Conditions.FALSE,
        WorkspaceConditions.REASON_PENDING,
        "workspace is waiting for inference workload readiness");
    state = established ? WorkspaceState.NOT_READY : WorkspaceState.PENDING;
  }

  private void set(String type, String status, String reason, String message) {
    conditions =
        Conditions.set(conditions, type, status, reason, withError(message), generation, now);
  }

  private String withError(String message) {
    if (reconcileError == null || reconcileError.isEmpty()) {
      return message;
    }
    if (message != null && message.contains(reconcileError)) {
      return message;
    }
    return message + " (last reconcile error: " + reconcileError + ")";
  }

  private WorkspaceStatus build(List<String> workerNodes, Integer targetNodeCount) {
    WorkspaceStatus old = ws.getStatus();
    return new WorkspaceStatus(
        workerNodes == null || workerNodes.isEmpty() ? null : List.copyOf(workerNodes),
        state,
        conditions.isEmpty() ? null : conditions,
        targetNodeCount,
        old == null ? null : old.performance());
  }
}
