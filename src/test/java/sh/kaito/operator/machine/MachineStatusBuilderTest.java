package sh.kaito.operator.machine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineConditions;
import sh.kaito.operator.api.machine.MachineSpec;
import sh.kaito.operator.api.machine.MachineStatus;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.common.Conditions;

import static org.assertj.core.api.Assertions.assertThat;

class MachineStatusBuilderTest {
  private static final Instant NOW = Instant.parse("2026-11-30T00:00:00Z");

  private static Machine machine() {
    Machine m = new Machine();
    m.setMetadata(
        new ObjectMetaBuilder().withName("wsabc123456").withGeneration(1L).withUid("u1").build());
    m.setSpec(new MachineSpec("Standard_NC6s_v3", "87Gi", Map.of(), List.of(), null));
    return m;
  }

  private static CloudResult result(CloudResult.State state, String code, String message) {
    return new CloudResult(
        state,
        "wsabc123456",
        state == CloudResult.State.READY ? "Succeeded" : "Creating",
        Map.of(),
        code,
        message,
        null);
  }

  private static Node node(boolean ready, String gpus, String taint) {
    NodeBuilder b =
        new NodeBuilder()
            .withNewMetadata()
            .withName("node-1")
            .endMetadata()
            .withNewSpec()
            .withProviderID("azure:///x/wsabc123456")
            .endSpec()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .withAllocatable(gpus == null ? Map.of() : Map.of("nvidia.com/gpu", new Quantity(gpus)))
            .endStatus();
    Node n = b.build();
    if (taint != null) {
      n.getSpec()
          .setTaints(List.of(new TaintBuilder().withKey(taint).withEffect("NoSchedule").build()));
    }
    return n;
  }

  private static String status(MachineStatus s, String type) {
    return Conditions.find(s.conditions(), type).map(c -> c.getStatus()).orElse(null);
  }

  private static String reason(MachineStatus s, String type) {
    return Conditions.find(s.conditions(), type).map(c -> c.getReason()).orElse(null);
  }

  @Test
  void whileTheCloudCreatesEverythingIsUnknownAndReadyFalse() {
    MachineStatus s =
        MachineStatusBuilder.compute(
            machine(),
            "azure",
            result(CloudResult.State.CREATING, null, "Creating"),
            List.of(),
            true,
            NOW);

    assertThat(status(s, MachineConditions.LAUNCHED)).isEqualTo("Unknown");
    assertThat(status(s, MachineConditions.REGISTERED)).isEqualTo("Unknown");
    assertThat(status(s, MachineConditions.READY)).isEqualTo("False");
    assertThat(s.cloudResource().operation()).isEqualTo("create");
    assertThat(s.cloudResource().provider()).isEqualTo("azure");
    assertThat(s.nodeName()).isNull();
  }

  @Test
  void terminalCloudFailureIsLaunchedFalseWithTheCodeAndMessage() {
    MachineStatus s =
        MachineStatusBuilder.compute(
            machine(),
            "azure",
            result(
                CloudResult.State.FAILED_TERMINAL,
                "ErrCode_InsufficientVCPUQuota",
                "Insufficient vcpu quota requested 6, remaining 0"),
            List.of(),
            true,
            NOW);

    assertThat(status(s, MachineConditions.LAUNCHED)).isEqualTo("False");
    assertThat(reason(s, MachineConditions.LAUNCHED)).isEqualTo("ErrCodeInsufficientVCPUQuota");
    assertThat(Conditions.find(s.conditions(), MachineConditions.LAUNCHED).get().getMessage())
        .contains("Insufficient vcpu quota");
  }

  @Test
  void retryableFailureIsUnknownSoTheWorkspaceKeepsWaiting() {
    MachineStatus s =
        MachineStatusBuilder.compute(
            machine(),
            "azure",
            result(CloudResult.State.FAILED_RETRYABLE, "AllocationFailed", "no capacity"),
            List.of(),
            true,
            NOW);

    assertThat(status(s, MachineConditions.LAUNCHED)).isEqualTo("Unknown");
    assertThat(reason(s, MachineConditions.LAUNCHED)).isEqualTo("AllocationFailed");
  }

  @Test
  void launchedWithoutNodeWaitsForRegistration() {
    MachineStatus s =
        MachineStatusBuilder.compute(
            machine(), "azure", result(CloudResult.State.READY, null, null), List.of(), true, NOW);

    assertThat(status(s, MachineConditions.LAUNCHED)).isEqualTo("True");
    assertThat(reason(s, MachineConditions.REGISTERED)).isEqualTo("NodeNotFound");
    assertThat(status(s, MachineConditions.READY)).isEqualTo("False");
  }

  @Test
  void twoNodesForOneMachineIsAnError() {
    Node other = node(true, "1", null);
    other.getMetadata().setName("node-2");
    MachineStatus s =
        MachineStatusBuilder.compute(
            machine(),
            "azure",
            result(CloudResult.State.READY, null, null),
            List.of(node(true, "1", null), other),
            true,
            NOW);

    assertThat(status(s, MachineConditions.REGISTERED)).isEqualTo("False");
    assertThat(reason(s, MachineConditions.REGISTERED)).isEqualTo("MultipleNodesFound");
  }

  @Test
  void initializedNeedsAReadyNodeWithoutStartupTaintsAndWithGpus() {
    CloudResult ready = result(CloudResult.State.READY, null, null);

    assertThat(
            reason(
                MachineStatusBuilder.compute(
                    machine(), "azure", ready, List.of(node(false, "1", null)), true, NOW),
                MachineConditions.INITIALIZED))
        .isEqualTo("NodeNotReady");
    assertThat(
            reason(
                MachineStatusBuilder.compute(
                    machine(),
                    "azure",
                    ready,
                    List.of(node(true, "1", "node.kubernetes.io/not-ready")),
                    true,
                    NOW),
                MachineConditions.INITIALIZED))
        .isEqualTo("StartupTaintsExist");
    assertThat(
            reason(
                MachineStatusBuilder.compute(
                    machine(), "azure", ready, List.of(node(true, null, null)), true, NOW),
                MachineConditions.INITIALIZED))
        .isEqualTo("ResourceNotRegistered");
    assertThat(
            reason(
                MachineStatusBuilder.compute(
                    machine(), "azure", ready, List.of(node(true, "0", null)), true, NOW),
                MachineConditions.INITIALIZED))
        .isEqualTo("ResourceNotRegistered");
    assertThat(
            status(
                MachineStatusBuilder.compute(
                    machine(), "azure", ready, List.of(node(true, null, null)), false, NOW),
                MachineConditions.INITIALIZED))
        .as("a CPU instance type does not wait for GPUs")
        .isEqualTo("True");
  }

  @Test
  void readyWhenLaunchedRegisteredAndInitialized() {
    MachineStatus s =
        MachineStatusBuilder.compute(
            machine(),
            "azure",
            result(CloudResult.State.READY, null, null),
            List.of(node(true, "1", null)),
            true,
            NOW);

    assertThat(status(s, MachineConditions.READY)).isEqualTo("True");
    assertThat(s.nodeName()).isEqualTo("node-1");
    assertThat(s.providerId()).isEqualTo("azure:///x/wsabc123456");
    assertThat(s.allocatable()).containsKey("nvidia.com/gpu");
    assertThat(s.cloudResource().operation()).isNull();
  }

  @Test
  void aSettledMachineComputesTheSameStatusLaterSoNothingIsWritten() {
    Machine m = machine();
    CloudResult ready = result(CloudResult.State.READY, null, null);
    List<Node> nodes = List.of(node(true, "1", null));
    m.setStatus(MachineStatusBuilder.compute(m, "azure", ready, nodes, true, NOW));

    MachineStatus later =
        MachineStatusBuilder.compute(m, "azure", ready, nodes, true, NOW.plus(Duration.ofHours(1)));

    assertThat(later).isEqualTo(m.getStatus());
  }
}
