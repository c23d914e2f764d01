package sh.kaito.operator.manifests;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.machine.ImageFamily;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.plan.Yaml;
import sh.kaito.operator.testsupport.Workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.V100;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.testsupport.Workspaces.selectorIn;
import static sh.kaito.operator.testsupport.Workspaces.template;
import static sh.kaito.operator.testsupport.Workspaces.tuning;

/** The Machines of a Workspace: stable names, labels, taint, disk and image family. */
class MachineManifestsTest {
  private static final String UID = "6f1b5a0e-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
  private static final String NAME_PATTERN = "^ws[0-9a-f]{9}$";
  private static final String AKS_POOL_NAME_PATTERN = "^[a-z][a-z0-9]{0,11}$";

  private static Machine machine(Workspace ws, int ordinal) {
    return MachineManifests.desired(ws, UID, ordinal, Workspaces.models(), ImageFamily.UBUNTU);
  }

  @Test
  void nameIsStableForTheSameUidAndOrdinal() {
    assertThat(MachineNames.of(UID, 0)).isEqualTo(MachineNames.of(UID, 0));
    assertThat(MachineNames.of(UID, 0))
        .matches(NAME_PATTERN)
        .matches(AKS_POOL_NAME_PATTERN)
        .hasSize(11);
  }

  @Test
  void nameIsTheHashOfUidAndOrdinal() throws Exception {
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest((UID + "/3").getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(MachineNames.of(UID, 3))
        .isEqualTo("ws" + java.util.HexFormat.of().formatHex(digest).substring(0, 9));
  }

  @Test
  void namesDifferPerOrdinal() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      names.add(MachineNames.of(UID, i));
    }

    assertThat(names).hasSize(50).allMatch(n -> n.matches(NAME_PATTERN));
  }

  @Test
  void namesDifferPerUid() {
    assertThat(MachineNames.of(UID, 0)).isNotEqualTo(MachineNames.of(UID.replace('6', '7'), 0));
  }

  @Test
  void desiredTwiceGivesEqualObjects() throws Exception {
    Workspace ws = inference("phi-4").instanceType(A100).build();

    Machine first = machine(ws, 1);
    Machine second = machine(ws, 1);

    assertThat(second).isEqualTo(first);
    assertThat(Yaml.WRITER.writeValueAsString(second))
        .isEqualTo(Yaml.WRITER.writeValueAsString(first));
  }

  @Test
  void machineCarriesItsWorkspaceAndSlot() {
    Machine m =
        machine(inference("phi-4").name("phi").namespace("team-a").instanceType(A100).build(), 2);

    assertThat(m.getKind()).isEqualTo("Machine");
    assertThat(m.getApiVersion()).isEqualTo("kaito.sh/v1alpha1");
    assertThat(m.getMetadata().getName()).isEqualTo(MachineNames.of(UID, 2));
    assertThat(m.getMetadata().getNamespace()).isNull();
    assertThat(m.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                KaitoApi.LABEL_WORKSPACE,
                "phi",
                KaitoApi.LABEL_WORKSPACE_NAMESPACE,
                "team-a",
                MachineManifests.LABEL_ORDINAL,
                "2",
                "app.kubernetes.io/managed-by",
                "kaito-operator"));
    assertThat(m.getMetadata().getAnnotations())
        .containsExactly(Map.entry(MachineManifests.ANNOTATION_WORKSPACE_UID, UID));
    assertThat(m.getSpec().instanceType()).isEqualTo(A100);
  }

  @Test
  void nodeLabelsAreTheSelectorLabelsWithoutReservedKeysPlusTheWorkspaceLabels() {
    Workspace ws =
        inference("phi-4")
            .name("phi")
            .instanceType(A100)
            .labelSelector(
                new LabelSelectorBuilder(selectorIn("zone", "1"))
                    .withMatchLabels(Map.of("app", "phi", KaitoApi.LABEL_WORKSPACE, "someone-else"))
                    .build())
            .build();

    Machine machine = machine(ws, 0);
    assertThat(machine.getSpec().labels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "app",
                "phi",
                "zone",
                "1",
                KaitoApi.LABEL_WORKSPACE,
                "phi",
                KaitoApi.LABEL_WORKSPACE_NAMESPACE,
                "default",
                MachineManifests.LABEL_MACHINE,
                machine.getMetadata().getName()));
  }

  @Test
  void nodesAreTaintedForGpuWorkloadsOnly() {
    var taints = machine(inference("phi-4").instanceType(A100).build(), 0).getSpec().taints();

    assertThat(taints).hasSize(1);
    assertThat(taints.get(0).getKey()).isEqualTo("sku");
    assertThat(taints.get(0).getValue()).isEqualTo("gpu");
    assertThat(taints.get(0).getEffect()).isEqualTo("NoSchedule");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    // weights rounded down to whole GiB, plus 80Gi
    "phi-4, 107Gi",
    "phi-3-mini-128k-instruct, 87Gi",
    "llama-3.3-70b-instruct, 211Gi",
    "microsoft/Phi-4-mini-instruct, 87Gi",
  })
  void storageIsTheWeightsPlus80Gi(String preset, String storage) {
    assertThat(machine(inference(preset).instanceType(A100).build(), 0).getSpec().storage())
        .isEqualTo(storage);
  }

  @Test
  void tuningStorageComesFromTheTuningPreset() {
    assertThat(
            machine(tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).build(), 0)
                .getSpec()
                .storage())
        .isEqualTo("87Gi");
  }

  @Test
  void templateGetsTheDefault1024Gi() {
    assertThat(machine(template().instanceType(A100).build(), 0).getSpec().storage())
        .isEqualTo("1024Gi");
  }

  @ParameterizedTest
  @ValueSource(strings = {"azurelinux", "AzureLinux", " azurelinux "})
  void imageFamilyAnnotationSelectsAzureLinux(String value) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .annotation(KaitoApi.ANNOTATION_NODE_IMAGE_FAMILY, value)
            .build();

    assertThat(machine(ws, 0).getSpec().imageFamily()).isEqualTo(ImageFamily.AZURE_LINUX);
  }

  @Test
  void imageFamilyAnnotationUbuntuOverridesTheDefault() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .annotation(KaitoApi.ANNOTATION_NODE_IMAGE_FAMILY, "ubuntu")
            .build();

    Machine m = MachineManifests.desired(ws, UID, 0, Workspaces.models(), ImageFamily.AZURE_LINUX);

    assertThat(m.getSpec().imageFamily()).isEqualTo(ImageFamily.UBUNTU);
  }

  @Test
  void withoutAnnotationTheDefaultImageFamilyIsUsed() {
    Workspace ws = inference("phi-4").instanceType(A100).build();

    assertThat(
            MachineManifests.desired(ws, UID, 0, Workspaces.models(), ImageFamily.AZURE_LINUX)
                .getSpec()
                .imageFamily())
        .isEqualTo(ImageFamily.AZURE_LINUX);
    assertThat(machine(ws, 0).getSpec().imageFamily()).isEqualTo(ImageFamily.UBUNTU);
  }
}
