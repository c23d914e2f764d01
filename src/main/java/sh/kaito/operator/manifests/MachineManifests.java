package sh.kaito.operator.manifests;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.machine.ImageFamily;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.LabelSelectors;

/** The Machines a Workspace needs when the operator provisions its nodes. */
public final class MachineManifests {
  /** Label on a Machine: which slot of its Workspace it fills. */
  public static final String LABEL_ORDINAL = "kaito.sh/machine-ordinal";

  /** Label on a Machine's Node naming the Machine: how the Machine controller finds its Node. */
  public static final String LABEL_MACHINE = "kaito.sh/machine";

  /** Annotation on a Machine: the UID of the Workspace it was created for. */
  public static final String ANNOTATION_WORKSPACE_UID = "kaito.sh/workspace-uid";

  /** KAITO's GPU node taint: only pods that tolerate it land on the expensive nodes. */
  public static final Taint GPU_TAINT =
      new TaintBuilder().withKey("sku").withValue("gpu").withEffect("NoSchedule").build();

  /** OS disk when the workload has no preset to size it (KAITO's default). */
  static final long DEFAULT_DISK_GI = 1024;

  private MachineManifests() {}

  /**
   * The Machine for one slot of a Workspace.
   *
   * @param workspaceUid the Workspace's UID, which makes the name stable
   * @param ordinal the slot, 0 to targetNodeCount-1
   */
  public static Machine desired(
      Workspace ws,
      String workspaceUid,
      int ordinal,
      ModelCatalog models,
      ImageFamily defaultImageFamily) {
    String name = ws.getMetadata().getName();
    String namespace = ws.getMetadata().getNamespace();
    Map<String, String> identity = new TreeMap<>();
    identity.put(KaitoApi.LABEL_WORKSPACE, name);
    identity.put(KaitoApi.LABEL_WORKSPACE_NAMESPACE, namespace);

    Map<String, String> metadataLabels = new TreeMap<>(identity);
    metadataLabels.put(LABEL_ORDINAL, Integer.toString(ordinal));
    metadataLabels.put("app.kubernetes.io/managed-by", "kaito-operator");

    String machineName = MachineNames.of(workspaceUid, ordinal);
    Map<String, String> nodeLabels = new TreeMap<>(selectorLabels(ws));
    nodeLabels.putAll(identity);
    nodeLabels.put(LABEL_MACHINE, machineName);

    Machine machine = new Machine();
    machine.setMetadata(
        new ObjectMetaBuilder()
            .withName(machineName)
            .withLabels(metadataLabels)
            .withAnnotations(Map.of(ANNOTATION_WORKSPACE_UID, workspaceUid))
            .build());
    machine.setSpec(
        new MachineSpec(
            ws.getResource().instanceType(),
            (diskBytes(ws, models) / ByteQuantity.GI) + "Gi",
            nodeLabels,
            List.of(GPU_TAINT),
            imageFamily(ws, defaultImageFamily)));
    return machine;
  }

  /** The node labels that make the node match the Workspace's selector. */
  static Map<String, String> selectorLabels(Workspace ws) {
    try {
      return LabelSelectors.withoutReserved(LabelSelectors.asMap(ws.getResource().labelSelector()));
    } catch (LabelSelectors.UnsupportedSelectorException e) {
      // Admission rejects such selectors; fall back to the plain matchLabels.
      return LabelSelectors.sanitizedMatchLabels(ws.getResource().labelSelector());
    }
  }

  /** The model's disk needs (weights + 80Gi), or 1024Gi for a custom template. */
  static long diskBytes(Workspace ws, ModelCatalog models) {
    String preset = null;
    if (ws.getInference() != null && ws.getInference().preset() != null) {
      preset = ws.getInference().preset().name();
    } else if (ws.getTuning() != null && ws.getTuning().preset() != null) {
      preset = ws.getTuning().preset().name();
    }
    return models
        .findSupported(preset)
        .map(ModelPreset::diskBytes)
        .orElse(DEFAULT_DISK_GI * ByteQuantity.GI);
  }

  static ImageFamily imageFamily(Workspace ws, ImageFamily fallback) {
    Map<String, String> annotations = ws.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get(KaitoApi.ANNOTATION_NODE_IMAGE_FAMILY);
    if (value == null) {
      return fallback;
    }
    return value.trim().toLowerCase(Locale.ROOT).equals("azurelinux")
        ? ImageFamily.AZURE_LINUX
        : ImageFamily.UBUNTU;
  }
}
