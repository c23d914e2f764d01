package sh.kaito.operator.cloud.azure;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.TaintBuilder;

import sh.kaito.operator.api.machine.ImageFamily;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class AgentPoolSpecsTest {

  @Test
  void seedMachineGivesGpuProvisionersBody() {
    AgentPoolSpec spec = AgentPoolSpecs.of(ArmTestSupport.machine("ws1a2b3c4d5"));

    assertThat(spec.vmSize()).isEqualTo("Standard_NC6s_v3");
    assertThat(spec.count()).isEqualTo(1);
    assertThat(spec.osDiskSizeGB()).isEqualTo(87);
    assertThat(spec.osType()).isEqualTo("Linux");
    assertThat(spec.osSku()).isEqualTo("Ubuntu");
    assertThat(spec.type()).isEqualTo("VirtualMachineScaleSets");
    assertThat(spec.nodeTaints()).containsExactly("sku=gpu:NoSchedule");
    assertThat(spec.nodeLabels())
        .containsExactly(
            entry("apps", "phi-3"),
            entry("kaito.sh/creation-timestamp", "2026-01-02T03-04-05Z"),
            entry("kaito.sh/machine-type", "gpu"),
            entry("kaito.sh/workspace", "phi-3"),
            entry("kaito.sh/workspacenamespace", "default"),
            entry("karpenter.sh/nodepool", "kaito"));
  }

  @Test
  void azureLinuxImageFamilyGivesAzureLinuxSku() {
    Machine machine =
        ArmTestSupport.machine("ws1", "Standard_NC24ads_A100_v4", ImageFamily.AZURE_LINUX);
    assertThat(AgentPoolSpecs.of(machine).osSku()).isEqualTo("AzureLinux");
  }

  @Test
  void missingImageFamilyIsUbuntu() {
    Machine machine = ArmTestSupport.machine("ws1");
    MachineSpec s = machine.getSpec();
    machine.setSpec(new MachineSpec(s.instanceType(), s.storage(), s.labels(), s.taints(), null));
    assertThat(AgentPoolSpecs.of(machine).osSku()).isEqualTo("Ubuntu");
  }

  @Test
  void nonNSeriesIsCpuAndMachineLabelsCannotOverrideComputedOnes() {
    Machine machine = ArmTestSupport.machine("ws1", "Standard_D4s_v3", ImageFamily.UBUNTU);
    MachineSpec s = machine.getSpec();
    machine.setSpec(
        new MachineSpec(
            s.instanceType(),
            "128G",
            Map.of("kaito.sh/machine-type", "gpu", "karpenter.sh/nodepool", "mine"),
            List.of(
                new TaintBuilder().withKey("a").withValue("b").withEffect("NoExecute").build(),
                new TaintBuilder().withKey("dedicated").withEffect("NoSchedule").build()),
            s.imageFamily()));

    AgentPoolSpec spec = AgentPoolSpecs.of(machine);

    assertThat(spec.nodeLabels())
        .containsEntry("kaito.sh/machine-type", "cpu")
        // the Machine's labels come after the pool label, as gpu-provisioner merges them
        .containsEntry("karpenter.sh/nodepool", "mine");
    // 128 * 10^9 bytes >> 30 = 119 GiB, rounded down as gpu-provisioner does
    assertThat(spec.osDiskSizeGB()).isEqualTo(119);
    assertThat(spec.nodeTaints()).containsExactly("a=b:NoExecute", "dedicated=:NoSchedule");
  }

  @Test
  void creationTimestampLabelUsesGoLayoutInUtc() {
    assertThat(AgentPoolSpecs.formatCreationTimestamp(Instant.parse("2025-12-31T23:59:58Z")))
        .isEqualTo("2025-12-31T23-59-58Z");
    Machine machine = ArmTestSupport.machine("ws1");
    machine.getMetadata().setCreationTimestamp("2026-03-04T05:06:07+02:00");
    assertThat(AgentPoolSpecs.of(machine).nodeLabels())
        .containsEntry("kaito.sh/creation-timestamp", "2026-03-04T03-06-07Z");
    assertThat(ArmAgentPoolClient.parseCreationTimestamp("2026-03-04T03-06-07Z"))
        .isEqualTo(Instant.parse("2026-03-04T03:06:07Z"));
  }

  @Test
  void machineWithoutCreationTimestampHasNoTimestampLabel() {
    Machine machine = ArmTestSupport.machine("ws1");
    machine.getMetadata().setCreationTimestamp(null);
    assertThat(AgentPoolSpecs.of(machine).nodeLabels())
        .doesNotContainKey("kaito.sh/creation-timestamp");
  }

  @Test
  void poolNameRule() {
    assertThat(AgentPoolSpecs.isValidPoolName("a")).isTrue();
    assertThat(AgentPoolSpecs.isValidPoolName("ws0123456789")).isTrue();
    assertThat(AgentPoolSpecs.isValidPoolName("ws01234567890")).isFalse(); // 13 characters
    assertThat(AgentPoolSpecs.isValidPoolName("1ws")).isFalse();
    assertThat(AgentPoolSpecs.isValidPoolName("Ws1")).isFalse();
    assertThat(AgentPoolSpecs.isValidPoolName("ws-1")).isFalse();
    assertThat(AgentPoolSpecs.isValidPoolName("")).isFalse();
    assertThat(AgentPoolSpecs.isValidPoolName(null)).isFalse();
    assertThatThrownBy(() -> AgentPoolSpecs.of(ArmTestSupport.machine("phi-3-0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent pool name \"phi-3-0\" is invalid");
  }

  @Test
  void storageMustBePositive() {
    Machine machine = ArmTestSupport.machine("ws1");
    MachineSpec s = machine.getSpec();
    machine.setSpec(new MachineSpec(s.instanceType(), null, s.labels(), s.taints(), null));
    assertThatThrownBy(() -> AgentPoolSpecs.of(machine))
        .hasMessage("storage request of machine(ws1) should be more than 0");
    machine.setSpec(new MachineSpec(s.instanceType(), "512Mi", s.labels(), s.taints(), null));
    assertThatThrownBy(() -> AgentPoolSpecs.of(machine))
        .hasMessage("storage request of machine(ws1) should be more than 0");
  }

  @Test
  void instanceTypeIsRequired() {
    Machine machine = ArmTestSupport.machine("ws1");
    MachineSpec s = machine.getSpec();
    machine.setSpec(new MachineSpec(" ", s.storage(), s.labels(), s.taints(), null));
    assertThatThrownBy(() -> AgentPoolSpecs.of(machine))
        .hasMessage("machine ws1 has no instance type");
  }
}
