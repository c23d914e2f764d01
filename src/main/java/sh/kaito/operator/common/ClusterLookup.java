package sh.kaito.operator.common;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;

/**
 * The cluster state some rules read: nodes for BYO sizing, ConfigMaps for inference and tuning
 * configuration. Backed by the API server in the webhook and by files in {@code plan}.
 */
public interface ClusterLookup {
  /** Nodes carrying all the given labels. */
  List<Node> nodesWithLabels(Map<String, String> labels);

  /** A ConfigMap, or empty when it does not exist. */
  Optional<ConfigMap> configMap(String namespace, String name);

  /** Thrown when the cluster cannot be read (the API server is unreachable, RBAC...). */
  final class LookupException extends RuntimeException {
    public LookupException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
