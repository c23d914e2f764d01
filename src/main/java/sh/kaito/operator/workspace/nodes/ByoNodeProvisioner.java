package sh.kaito.operator.workspace.nodes;

import java.util.List;
import java.util.Map;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.LabelSelectors;
import sh.kaito.operator.workspace.status.NodeReadiness;

/**
 * Existing nodes chosen by the Workspace's label selector (KAITO's BYO provisioner). Nothing is
 * created and nothing is ever deleted: the nodes belong to the user.
 */
public final class ByoNodeProvisioner implements NodeProvisioner {
  private final NodeView nodes;

  public ByoNodeProvisioner(NodeView nodes) {
    this.nodes = nodes;
  }

  @Override
  public NodeReadiness ensure(Workspace ws, int targetNodeCount) {
    Map<String, String> selector = selector(ws);
    List<String> ready =
        nodes.withLabels(selector).stream()
            .filter(NodeView::usable)
            .map(n -> n.getMetadata().getName())
            .sorted()
            .toList();
    if (ready.size() >= targetNodeCount) {
      return NodeReadiness.ready(ready);
    }
    return NodeReadiness.notReady(
        ready,
        ready.size()
            + " of the "
            + targetNodeCount
            + " nodes the workload needs are ready; waiting for Ready nodes with labels "
            + selector);
  }

  @Override
  public boolean release(Workspace ws) {
    return true;
  }

  @Override
  public Map<String, String> workloadNodeLabels(Workspace ws) {
    return Map.of();
  }

  static Map<String, String> selector(Workspace ws) {
    try {
      return LabelSelectors.withoutReserved(LabelSelectors.asMap(ws.getResource().labelSelector()));
    } catch (LabelSelectors.UnsupportedSelectorException e) {
      return LabelSelectors.sanitizedMatchLabels(ws.getResource().labelSelector());
    }
  }
}
