package sh.kaito.operator.workspace.nodes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.workspace.status.NodeReadiness;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.testsupport.Workspaces.selectorIn;
import static sh.kaito.operator.workspace.nodes.InMemoryNodes.deleting;
import static sh.kaito.operator.workspace.nodes.InMemoryNodes.node;
import static sh.kaito.operator.workspace.nodes.InMemoryNodes.readyNode;
import static sh.kaito.operator.workspace.nodes.InMemoryNodes.withoutStatus;

/** Existing (BYO) nodes chosen by the Workspace's label selector. */
class ByoNodeProvisionerTest {
  private static final Map<String, String> APP = Map.of("app", "test");

  private final InMemoryNodes nodes =
      new InMemoryNodes()
          .add(
              readyNode("node-c", APP),
              readyNode("node-a", APP),
              node("node-b", false, APP),
              deleting(readyNode("node-d", APP)),
              withoutStatus("node-e", APP),
              readyNode("node-f", Map.of("app", "other")));
  private final ByoNodeProvisioner byo = new ByoNodeProvisioner(nodes);

  private static Workspace ws() {
    return inference("phi-4").build();
  }

  @Test
  void readyWhenEnoughReadyMatchingNodes() {
    NodeReadiness readiness = byo.ensure(ws(), 2);

    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.terminal()).isFalse();
    assertThat(readiness.reason()).isEqualTo(NodeReadiness.REASON_READY);
    assertThat(readiness.workerNodes()).containsExactly("node-a", "node-c");
  }

  @Test
  void moreReadyNodesThanNeededAreAllListedSorted() {
    nodes.add(readyNode("node-0", APP));

    NodeReadiness readiness = byo.ensure(ws(), 1);

    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.workerNodes()).containsExactly("node-0", "node-a", "node-c");
  }

  @Test
  void notReadyNodesDeletingNodesAndNodesWithoutStatusDoNotCount() {
    NodeReadiness readiness = byo.ensure(ws(), 3);

    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.terminal()).isFalse();
    assertThat(readiness.reason()).isEqualTo(NodeReadiness.REASON_NOT_READY);
    assertThat(readiness.workerNodes()).containsExactly("node-a", "node-c");
    assertThat(readiness.message())
        .isEqualTo(
            "2 of the 3 nodes the workload needs are ready; waiting for Ready nodes with labels"
                + " {app=test}");
  }

  @Test
  void noMatchingNodes() {
    Workspace ws = inference("phi-4").matchLabels("app", "missing").build();

    NodeReadiness readiness = byo.ensure(ws, 1);

    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.workerNodes()).isEmpty();
    assertThat(readiness.message()).startsWith("0 of the 1 nodes");
  }

  @Test
  void aNodeTurningReadyMakesTheWorkspaceReady() {
    Workspace ws = ws();
    assertThat(byo.ensure(ws, 3).ready()).isFalse();

    nodes.nodes.removeIf(n -> n.getMetadata().getName().equals("node-b"));
    nodes.add(readyNode("node-b", APP));

    NodeReadiness readiness = byo.ensure(ws, 3);
    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.workerNodes()).containsExactly("node-a", "node-b", "node-c");
  }

  @Test
  void nodesAreLookedUpByTheSelectorWithoutReservedKeys() {
    Workspace ws =
        inference("phi-4").matchLabels("app", "test", "kaito.sh/workspace", "someone-else").build();

    byo.ensure(ws, 1);

    assertThat(nodes.queries).containsExactly(Map.of("app", "test"));
  }

  @Test
  void aSingleValueInExpressionIsPartOfTheSelector() {
    Workspace ws = inference("phi-4").labelSelector(selectorIn("app", "test")).build();

    NodeReadiness readiness = byo.ensure(ws, 2);

    assertThat(nodes.queries).containsExactly(Map.of("app", "test"));
    assertThat(readiness.ready()).isTrue();
  }

  @Test
  void anUnsupportedSelectorFallsBackToItsMatchLabels() {
    Workspace ws = inference("phi-4").labelSelector(selectorIn("app", "test", "other")).build();

    byo.ensure(ws, 1);

    assertThat(nodes.queries).containsExactly(Map.of());
  }

  @Test
  void releaseNeverTouchesAnything() {
    NodeView untouchable =
        new NodeView() {
          @Override
          public List<Node> withLabels(Map<String, String> labels) {
            throw new AssertionError("release must not look at nodes");
          }

          @Override
          public Optional<Node> named(String name) {
            throw new AssertionError("release must not look at nodes");
          }
        };

    assertThat(new ByoNodeProvisioner(untouchable).release(ws())).isTrue();
    assertThat(byo.release(ws())).isTrue();
    assertThat(nodes.nodes).hasSize(6);
  }

  @Test
  void noWorkloadNodeLabels() {
    assertThat(byo.workloadNodeLabels(ws())).isEmpty();
  }
}
