package sh.kaito.operator.workspace.nodes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;

/** Read access to the cluster's Nodes (an informer cache in the operator). */
public interface NodeView {
  List<Node> withLabels(Map<String, String> labels);

  Optional<Node> named(String name);

  /** Ready and not being deleted. */
  static boolean usable(Node node) {
    if (node.getMetadata().getDeletionTimestamp() != null || node.getStatus() == null) {
      return false;
    }
    List<NodeCondition> conditions = node.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
