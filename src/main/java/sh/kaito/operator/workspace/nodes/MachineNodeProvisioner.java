package sh.kaito.operator.workspace.nodes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineConditions;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.workspace.status.NodeReadiness;

/**
 * GPU nodes as Machines the operator creates (KAITO's node auto-provisioning): one Machine per node
 * the workload needs, all created in the same reconcile and named from the Workspace UID and the
 * slot, so a restart never creates a second Machine for a slot. Ready when every Machine is Ready;
 * the first Machine that failed (e.g. a quota error) is reported with the cloud's message.
 */
public final class MachineNodeProvisioner implements NodeProvisioner {
  /** Creates, lists and deletes the Workspace's Machines. */
  public interface Machines {
    List<Machine> ownedBy(Workspace ws);

    void create(Machine machine);

    void delete(Machine machine);
  }

  private final Machines machines;
  private final NodeView nodes;
  private final MachineFactory factory;

  /** Builds the desired Machine for a slot of a Workspace. */
  @FunctionalInterface
  public interface MachineFactory {
    Machine desired(Workspace ws, int ordinal);
  }

  public MachineNodeProvisioner(Machines machines, NodeView nodes, MachineFactory factory) {
    this.machines = machines;
    this.nodes = nodes;
    this.factory = factory;
  }

  @Override
  public NodeReadiness ensure(Workspace ws, int targetNodeCount) {
    List<Machine> existing = machines.ownedBy(ws);
    List<Machine> all = new ArrayList<>(existing);
    for (int ordinal = 0; ordinal < targetNodeCount; ordinal++) {
      Machine desired = factory.desired(ws, ordinal);
      boolean present =
          existing.stream()
              .anyMatch(m -> m.getMetadata().getName().equals(desired.getMetadata().getName()));
      if (!present) {
        machines.create(desired);
        all.add(desired);
      }
    }
    all.sort(Comparator.comparing(m -> m.getMetadata().getName()));

    List<String> nodeNames = new ArrayList<>();
    int ready = 0;
    for (Machine m : all) {
      String node = m.getStatus() == null ? null : m.getStatus().nodeName();
      boolean machineReady =
          m.getStatus() != null
              && Conditions.isTrue(m.getStatus().conditions(), MachineConditions.READY);
      if (node != null && machineReady && nodes.named(node).map(NodeView::usable).orElse(false)) {
        nodeNames.add(node);
        ready++;
      }
    }
    nodeNames.sort(null);
    if (ready >= targetNodeCount) {
      return NodeReadiness.ready(nodeNames);
    }
    Optional<NodeReadiness> failure = firstFailure(all, nodeNames);
    if (failure.isPresent()) {
      return failure.get();
    }
    return NodeReadiness.notReady(
        nodeNames, ready + " of " + targetNodeCount + " Machines are ready" + firstProgress(all));
  }

  /**
   * A Machine whose launch failed for good (Launched=False): the cloud refused it, e.g. for quota
   * or an unavailable instance type. Its reason and message go to the Workspace unchanged.
   */
  private static Optional<NodeReadiness> firstFailure(List<Machine> all, List<String> nodeNames) {
    for (Machine m : all) {
      if (m.getStatus() == null) {
        continue;
      }
      Optional<Condition> launched =
          Conditions.find(m.getStatus().conditions(), MachineConditions.LAUNCHED);
      if (launched.isPresent() && Conditions.FALSE.equals(launched.get().getStatus())) {
        return Optional.of(
            NodeReadiness.failed(
                nodeNames,
                launched.get().getReason(),
                "Machine " + m.getMetadata().getName() + ": " + launched.get().getMessage()));
      }
    }
    return Optional.empty();
  }

  /** What the first Machine that is not ready is waiting for, e.g. "; wsabc: Registered: ...". */
  private static String firstProgress(List<Machine> all) {
    for (Machine m : all) {
      if (m.getStatus() == null || m.getStatus().conditions() == null) {
        return "; " + m.getMetadata().getName() + " is being created";
      }
      for (String type :
          List.of(
              MachineConditions.LAUNCHED,
              MachineConditions.REGISTERED,
              MachineConditions.INITIALIZED)) {
        Optional<Condition> c = Conditions.find(m.getStatus().conditions(), type);
        if (c.isEmpty() || !Conditions.TRUE.equals(c.get().getStatus())) {
          String detail = c.map(Condition::getMessage).filter(s -> !s.isEmpty()).orElse("pending");
          return "; " + m.getMetadata().getName() + " not " + type + ": " + detail;
        }
      }
    }
    return "";
  }

  @Override
  public boolean release(Workspace ws) {
    List<Machine> owned = machines.ownedBy(ws);
    for (Machine m : owned) {
      if (m.getMetadata().getDeletionTimestamp() == null) {
        machines.delete(m);
      }
    }
    return owned.isEmpty();
  }

  @Override
  public Map<String, String> workloadNodeLabels(Workspace ws) {
    return Map.of(
        KaitoApi.LABEL_WORKSPACE, ws.getMetadata().getName(),
        KaitoApi.LABEL_WORKSPACE_NAMESPACE, ws.getMetadata().getNamespace());
  }
}
