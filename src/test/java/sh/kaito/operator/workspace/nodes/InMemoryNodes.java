package sh.kaito.operator.workspace.nodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;

import sh.kaito.operator.testsupport.Workspaces;

/** A {@link NodeView} over a list, recording the label queries it answers. */
final class InMemoryNodes implements NodeView {
  final List<Node> nodes = new ArrayList<>();
  final List<Map<String, String>> queries = new ArrayList<>();

  InMemoryNodes add(Node... added) {
    nodes.addAll(List.of(added));
    return this;
  }

  @Override
  public List<Node> withLabels(Map<String, String> labels) {
    queries.add(Map.copyOf(labels));
    return nodes.stream()
        .filter(
            n -> {
              Map<String, String> have = n.getMetadata().getLabels();
              return labels.entrySet().stream()
                  .allMatch(e -> have != null && e.getValue().equals(have.get(e.getKey())));
            })
        .toList();
  }

  @Override
  public Optional<Node> named(String name) {
    return nodes.stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst();
  }

  /** A node with these labels and a Ready condition of {@code ready}. */
  static Node node(String name, boolean ready, Map<String, String> labels) {
    return new NodeBuilder(Workspaces.node(name, labels))
        .withNewStatus()
        .withConditions(
            new NodeConditionBuilder()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .build())
        .endStatus()
        .build();
  }

  static Node readyNode(String name, Map<String, String> labels) {
    return node(name, true, labels);
  }

  static Node deleting(Node node) {
    return new NodeBuilder(node)
        .editMetadata()
        .withDeletionTimestamp("2026-01-01T00:00:00Z")
        .withFinalizers("keep")
        .endMetadata()
        .build();
  }

  static Node withoutStatus(String name, Map<String, String> labels) {
    return Workspaces.node(name, labels);
  }
}
