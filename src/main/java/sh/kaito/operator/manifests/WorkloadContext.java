package sh.kaito.operator.manifests;

import java.util.Map;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.ProvisioningMode;

/**
 * Everything the workload builders need to compute a Workspace's desired objects, resolved before
 * they run: the builders themselves are pure.
 *
 * @param ws the Workspace (v1beta1)
 * @param model the preset being served or tuned; null for a custom pod template
 * @param runtime the inference runtime (vLLM or transformers); ignored for tuning
 * @param gpus the GPUs of one node; null when unknown (an instance type outside the catalog), in
 *     which case one GPU per node is requested
 * @param nodeCount nodes the workload spans ({@code status.targetNodeCount})
 * @param revision the Workspace revision number, written as the {@code workspace.kaito.io/revision}
 *     annotation on the workload
 * @param inferenceConfig the {@code vllm:} arguments of the inference ConfigMap, empty when none
 * @param localNvmeStorage the cluster has KAITO's local NVMe StorageClass and the node has NVMe:
 *     model weights go on a PVC instead of an emptyDir
 * @param mode where the nodes come from; machine mode adds the Workspace's own node labels to the
 *     node affinity
 * @param images registries and tags of the runtime images
 */
public record WorkloadContext(
    Workspace ws,
    ModelPreset model,
    InferenceRuntime runtime,
    GpuConfig gpus,
    int nodeCount,
    String revision,
    Map<String, String> inferenceConfig,
    boolean localNvmeStorage,
    ProvisioningMode mode,
    RuntimeImages images) {

  public String name() {
    return ws.getMetadata().getName();
  }

  public String namespace() {
    return ws.getMetadata().getNamespace();
  }

  /** GPUs to request per pod: all GPUs of the node, or one when the node is unknown. */
  public int gpusPerNode() {
    return gpus == null ? 1 : gpus.gpuCount();
  }
}
