package sh.kaito.operator.workspace;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.workspace.nodes.NodeView;

/**
 * Cluster state for one reconcile: Nodes from the controller's informer cache (no API call), the
 * few ConfigMaps a Workspace names read through the client.
 */
final class ClusterView implements ClusterLookup, NodeView {
  private final Supplier<Collection<Node>> nodes;
  private final KubernetesClient client;

  ClusterView(Supplier<Collection<Node>> nodes, KubernetesClient client) {
    this.nodes = nodes;
    this.client = client;
  }

  @Override
  public List<Node> withLabels(Map<String, String> labels) {
    return nodes.get().stream()
        .filter(
            n -> {
              Map<String, String> have =
                  n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
              return labels.entrySet().stream()
                  .allMatch(e -> Objects.equals(have.get(e.getKey()), e.getValue()));
            })
        .toList();
  }

  @Override
  public Optional<Node> named(String name) {
    return nodes.get().stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst();
  }

  @Override
  public List<Node> nodesWithLabels(Map<String, String> labels) {
    return withLabels(labels);
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    try {
      return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
    } catch (KubernetesClientException e) {
      throw new LookupException(e.getMessage(), e);
    }
  }

  /** Whether a StorageClass exists (KAITO's local NVMe class). */
  boolean storageClassExists(String name) {
    try {
      return client.storage().v1().storageClasses().withName(name).get() != null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }
}
