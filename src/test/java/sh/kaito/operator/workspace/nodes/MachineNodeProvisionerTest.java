package sh.kaito.operator.workspace.nodes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import sh.kaito.operator.api.machine.ImageFamily;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineConditions;
import sh.kaito.operator.api.machine.MachineStatus;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.manifests.MachineManifests;
import sh.kaito.operator.manifests.MachineNames;
import sh.kaito.operator.testsupport.Workspaces;
import sh.kaito.operator.workspace.status.NodeReadiness;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.workspace.nodes.InMemoryNodes.deleting;
import static sh.kaito.operator.workspace.nodes.InMemoryNodes.node;
import static sh.kaito.operator.workspace.nodes.InMemoryNodes.readyNode;

/** GPU nodes as Machines the operator creates, one per slot. */
class MachineNodeProvisionerTest {
  private static final String UID = "3c2b1a09-8877-4665-9544-332211009988";

  /** Machines of one Workspace in memory, recording creates and deletes. */
  private static final class FakeMachines implements MachineNodeProvisioner.Machines {
    final List<Machine> machines = new ArrayList<>();
    final List<String> created = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    int createCalls;

    @Override
    public List<Machine> ownedBy(Workspace ws) {
      return List.copyOf(machines);
    }

    @Override
    public void create(Machine machine) {
      createCalls++;
      created.add(machine.getMetadata().getName());
      machines.add(machine);
    }

    @Override
    public void delete(Machine machine) {
      deleted.add(machine.getMetadata().getName());
    }

    /** Replaces the stored Machine of the same name. */
    void put(Machine machine) {
      machines.removeIf(m -> m.getMetadata().getName().equals(machine.getMetadata().getName()));
      machines.add(machine);
    }
  }

  private final FakeMachines machines = new FakeMachines();
  private final InMemoryNodes nodes = new InMemoryNodes();
  private final MachineNodeProvisioner provisioner =
      new MachineNodeProvisioner(machines, nodes, MachineNodeProvisionerTest::desired);

  private static Machine desired(Workspace ws, int ordinal) {
    return MachineManifests.desired(
        ws, ws.getMetadata().getUid(), ordinal, Workspaces.models(), ImageFamily.UBUNTU);
  }

  private static Workspace ws() {
    return inference("phi-4").instanceType(A100).name("phi").namespace("team-a").uid(UID).build();
  }

  private static String name(int ordinal) {
    return MachineNames.of(UID, ordinal);
  }

  private static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime("2026-01-01T00:00:00Z")
        .build();
  }

  private static Machine withStatus(Machine m, String nodeName, Condition... conditions) {
    m.setStatus(new MachineStatus(null, nodeName, null, null, null, List.of(conditions)));
    return m;
  }

  /** The desired Machine of a slot, Launched, Registered, Initialized and Ready on its node. */
  private static Machine readyMachine(Workspace ws, int ordinal) {
    return withStatus(
        desired(ws, ordinal),
        "aks-" + name(ordinal) + "-vmss000000",
        condition(MachineConditions.LAUNCHED, "True", "Launched", ""),
        condition(MachineConditions.REGISTERED, "True", "Registered", ""),
        condition(MachineConditions.INITIALIZED, "True", "Initialized", ""),
        condition(MachineConditions.READY, "True", "Ready", ""));
  }

  private static String nodeOf(int ordinal) {
    return "aks-" + name(ordinal) + "-vmss000000";
  }

  private void addReadyNode(int ordinal) {
    nodes.add(readyNode(nodeOf(ordinal), Map.of()));
  }

  // --- creating ------------------------------------------------------------------------------

  @Test
  void createsEveryMissingMachineInOneReconcile() {
    NodeReadiness readiness = provisioner.ensure(ws(), 3);

    assertThat(machines.createCalls).isEqualTo(3);
    assertThat(machines.created).containsExactly(name(0), name(1), name(2));
    assertThat(machines.machines)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyInAnyOrder(desired(ws(), 0), desired(ws(), 1), desired(ws(), 2));
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.terminal()).isFalse();
    assertThat(readiness.reason()).isEqualTo(NodeReadiness.REASON_NOT_READY);
    assertThat(readiness.workerNodes()).isEmpty();
    String first =
        List.of(name(0), name(1), name(2)).stream().min(Comparator.naturalOrder()).orElseThrow();
    assertThat(readiness.message())
        .isEqualTo("0 of 3 Machines are ready; " + first + " is being created");
  }

  @Test
  void createsOnlyTheMissingSlots() {
    machines.put(desired(ws(), 1));

    provisioner.ensure(ws(), 3);

    assertThat(machines.created).containsExactlyInAnyOrder(name(0), name(2));
    assertThat(machines.machines).hasSize(3);
  }

  @Test
  void createsNothingWhenAllMachinesExist() {
    provisioner.ensure(ws(), 2);
    machines.created.clear();
    machines.createCalls = 0;

    provisioner.ensure(ws(), 2);
    provisioner.ensure(ws(), 2);

    assertThat(machines.createCalls).isZero();
    assertThat(machines.machines).hasSize(2);
  }

  // --- readiness -----------------------------------------------------------------------------

  @Test
  void readyWhenAllMachinesAndTheirNodesAreReady() {
    Workspace ws = ws();
    machines.put(readyMachine(ws, 0));
    machines.put(readyMachine(ws, 1));
    addReadyNode(0);
    addReadyNode(1);

    NodeReadiness readiness = provisioner.ensure(ws, 2);

    assertThat(machines.created).isEmpty();
    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.reason()).isEqualTo(NodeReadiness.REASON_READY);
    assertThat(readiness.workerNodes())
        .containsExactlyElementsOf(List.of(nodeOf(0), nodeOf(1)).stream().sorted().toList());
  }

  @Test
  void aReadyMachineWhoseNodeIsNotReadyDoesNotCount() {
    Workspace ws = ws();
    machines.put(readyMachine(ws, 0));
    machines.put(readyMachine(ws, 1));
    addReadyNode(0);
    nodes.add(node(nodeOf(1), false, Map.of()));

    NodeReadiness readiness = provisioner.ensure(ws, 2);

    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.workerNodes()).containsExactly(nodeOf(0));
    assertThat(readiness.message()).isEqualTo("1 of 2 Machines are ready");
  }

  @Test
  void aReadyMachineWhoseNodeIsDeletingOrMissingDoesNotCount() {
    Workspace ws = ws();
    machines.put(readyMachine(ws, 0));
    machines.put(readyMachine(ws, 1));
    nodes.add(deleting(readyNode(nodeOf(0), Map.of())));

    NodeReadiness readiness = provisioner.ensure(ws, 2);

    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.workerNodes()).isEmpty();
    assertThat(readiness.message()).startsWith("0 of 2 Machines are ready");
  }

  @Test
  void aMachineWithANodeButNotReadyDoesNotCount() {
    Workspace ws = ws();
    machines.put(readyMachine(ws, 0));
    machines.put(
        withStatus(
            desired(ws, 1),
            nodeOf(1),
            condition(MachineConditions.LAUNCHED, "True", "Launched", ""),
            condition(MachineConditions.REGISTERED, "True", "Registered", ""),
            condition(MachineConditions.INITIALIZED, "False", "NotInitialized", "GPU driver"),
            condition(MachineConditions.READY, "False", "NotReady", "")));
    addReadyNode(0);
    addReadyNode(1);

    NodeReadiness readiness = provisioner.ensure(ws, 2);

    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.workerNodes()).containsExactly(nodeOf(0));
    assertThat(readiness.message())
        .isEqualTo("1 of 2 Machines are ready; " + name(1) + " not Initialized: GPU driver");
  }

  @Test
  void progressNamesTheFirstUnreadyConditionOfTheFirstUnreadyMachine() {
    Workspace ws = ws();
    machines.put(
        withStatus(
            desired(ws, 0),
            null,
            condition(MachineConditions.LAUNCHED, "True", "Launched", ""),
            condition(MachineConditions.REGISTERED, "False", "NotRegistered", "waiting for node")));

    NodeReadiness readiness = provisioner.ensure(ws, 1);

    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.terminal()).isFalse();
    assertThat(readiness.message())
        .isEqualTo("0 of 1 Machines are ready; " + name(0) + " not Registered: waiting for node");
  }

  @Test
  void aMissingOrSilentConditionIsPending() {
    Workspace ws = ws();
    machines.put(
        withStatus(
            desired(ws, 0),
            null,
            condition(MachineConditions.LAUNCHED, "Unknown", "Launching", "")));

    assertThat(provisioner.ensure(ws, 1).message())
        .isEqualTo("0 of 1 Machines are ready; " + name(0) + " not Launched: pending");

    machines.put(
        withStatus(desired(ws, 0), null, condition(MachineConditions.LAUNCHED, "True", "L", "")));

    assertThat(provisioner.ensure(ws, 1).message())
        .isEqualTo("0 of 1 Machines are ready; " + name(0) + " not Registered: pending");
  }

  @Test
  void aMachineThatFailedToLaunchIsATerminalFailureWithItsReasonAndMessage() {
    Workspace ws = ws();
    machines.put(readyMachine(ws, 0));
    addReadyNode(0);
    machines.put(
        withStatus(
            desired(ws, 1),
            null,
            condition(
                MachineConditions.LAUNCHED,
                "False",
                "QuotaExceeded",
                "Operation could not be completed as it results in exceeding approved quota")));

    NodeReadiness readiness = provisioner.ensure(ws, 2);

    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.terminal()).isTrue();
    assertThat(readiness.reason()).isEqualTo("QuotaExceeded");
    assertThat(readiness.message())
        .isEqualTo(
            "Machine "
                + name(1)
                + ": Operation could not be completed as it results in exceeding approved quota");
    assertThat(readiness.workerNodes()).containsExactly(nodeOf(0));
    assertThat(machines.created).isEmpty();
  }

  @Test
  void enoughReadyMachinesWinOverAFailedExtraOne() {
    Workspace ws = ws();
    machines.put(readyMachine(ws, 0));
    addReadyNode(0);
    machines.put(
        withStatus(
            desired(ws, 5),
            null,
            condition(MachineConditions.LAUNCHED, "False", "SkuNotAvailable", "no capacity")));

    NodeReadiness readiness = provisioner.ensure(ws, 1);

    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.workerNodes()).containsExactly(nodeOf(0));
  }

  // --- release -------------------------------------------------------------------------------

  @Test
  void releaseDeletesEveryOwnedMachineNotAlreadyDeleting() {
    Workspace ws = ws();
    machines.put(desired(ws, 0));
    machines.put(desired(ws, 1));
    Machine alreadyDeleting = desired(ws, 2);
    alreadyDeleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    machines.put(alreadyDeleting);

    boolean released = provisioner.release(ws);

    assertThat(released).isFalse();
    assertThat(machines.deleted).containsExactlyInAnyOrder(name(0), name(1));
  }

  @Test
  void releaseIsDoneOnlyWhenNoMachineIsLeft() {
    Workspace ws = ws();
    machines.put(desired(ws, 0));
    assertThat(provisioner.release(ws)).isFalse();

    machines.machines.clear();

    assertThat(provisioner.release(ws)).isTrue();
    assertThat(machines.deleted).containsExactly(name(0));
  }

  @Test
  void releaseWithNothingOwnedIsDoneAtOnce() {
    assertThat(provisioner.release(ws())).isTrue();
    assertThat(machines.deleted).isEmpty();
  }

  // --- workload labels -----------------------------------------------------------------------

  @Test
  void workloadNodeLabelsPinTheWorkloadToTheWorkspacesOwnNodes() {
    assertThat(provisioner.workloadNodeLabels(ws()))
        .containsOnly(
            Map.entry("kaito.sh/workspace", "phi"),
            Map.entry("kaito.sh/workspacenamespace", "team-a"));
  }

  @Test
  void workloadNodeLabelsAreOnTheMachinesNodes() {
    Machine m = desired(ws(), 0);

    assertThat(m.getSpec().labels()).containsAllEntriesOf(provisioner.workloadNodeLabels(ws()));
  }
}
