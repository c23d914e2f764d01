package sh.kaito.operator.workspace.nodes;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.workspace.status.NodeReadiness;

/** Gets a Workspace its GPU nodes and says whether they are ready. */
public interface NodeProvisioner {

  /**
   * Provisions what is missing (idempotent: safe to call on every reconcile) and reports readiness.
   *
   * @param targetNodeCount nodes the workload needs
   */
  NodeReadiness ensure(Workspace ws, int targetNodeCount);

  /**
   * Releases what was provisioned for the Workspace (never nodes it did not create).
   *
   * @return true when nothing is left and the Workspace's finalizer may go
   */
  boolean release(Workspace ws);

  /** Node labels that pin the workload to this Workspace's own nodes, empty when none. */
  java.util.Map<String, String> workloadNodeLabels(Workspace ws);
}
