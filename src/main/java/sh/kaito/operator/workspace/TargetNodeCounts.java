package sh.kaito.operator.workspace;

import jakarta.enterprise.context.ApplicationScoped;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.sizing.Sizing;
import sh.kaito.operator.sizing.SizingException;
import sh.kaito.operator.sizing.WorkspaceSizer;

/**
 * Sizes a Workspace. The node count is computed once and then kept in {@code
 * status.targetNodeCount} (KAITO's rule): a later catalog or node change never resizes a running
 * workload; the GPU shape is read again each time.
 */
@ApplicationScoped
public class TargetNodeCounts {
  private final WorkspaceSizer sizer;

  public TargetNodeCounts(WorkspaceSizer sizer) {
    this.sizer = sizer;
  }

  public Sizing size(Workspace ws, ClusterLookup cluster) throws SizingException {
    Sizing sizing = sizer.size(ws, cluster);
    Integer recorded = ws.getStatus() == null ? null : ws.getStatus().targetNodeCount();
    if (recorded != null && recorded > 0 && recorded != sizing.targetNodeCount()) {
      return new Sizing(
          recorded, sizing.shape(), sizing.estimate(), sizing.tuning(), sizing.notes());
    }
    return sizing;
  }
}
