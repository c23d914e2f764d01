package sh.kaito.operator.common;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;

/** Cluster state given as lists of objects: {@code plan}'s input files, and unit tests. */
public final class StaticClusterLookup implements ClusterLookup {
  private final List<Node> nodes;
  private final List<ConfigMap> configMaps;

  public StaticClusterLookup(List<Node> nodes, List<ConfigMap> configMaps) {
    this.nodes = List.copyOf(nodes);
    this.configMaps = List.copyOf(configMaps);
  }

  public static StaticClusterLookup empty() {
    return new StaticClusterLookup(List.of(), List.of());
  }

  @Override
  public List<Node> nodesWithLabels(Map<String, String> labels) {
    return nodes.stream()
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
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return configMaps.stream()
        .filter(
            c ->
                Objects.equals(c.getMetadata().getName(), name)
                    && Objects.equals(namespaceOf(c), namespace))
        .findFirst();
  }

  private static String namespaceOf(ConfigMap c) {
    String ns = c.getMetadata().getNamespace();
    return ns == null ? "default" : ns;
  }
}
