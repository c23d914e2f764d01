package sh.kaito.operator.workspace;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.ConfigMap;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.InferenceConfigFile;
import sh.kaito.operator.common.WorkspaceRuntimes;
import sh.kaito.operator.config.OperatorSettings;
import sh.kaito.operator.manifests.InferenceManifests;
import sh.kaito.operator.manifests.RuntimeImages;
import sh.kaito.operator.manifests.WorkloadContext;
import sh.kaito.operator.sizing.Sizing;

/** Resolves everything the pure workload builders need for one Workspace. */
@ApplicationScoped
public class WorkloadContexts {
  private final ModelCatalog models;
  private final InstanceTypeCatalog instanceTypes;
  private final OperatorSettings settings;
  private final RuntimeImages images;

  public WorkloadContexts(
      ModelCatalog models, InstanceTypeCatalog instanceTypes, OperatorSettings settings) {
    this.models = models;
    this.instanceTypes = instanceTypes;
    this.settings = settings;
    this.images = RuntimeImages.defaults(settings.presetRegistry(), settings.baseImageTag());
  }

  WorkloadContext of(Workspace ws, Sizing sizing, String revision, ClusterView cluster) {
    ModelPreset model = model(ws).orElse(null);
    InferenceRuntime runtime =
        WorkspaceRuntimes.of(ws.getMetadata().getAnnotations(), settings.vllm());
    GpuConfig gpus = sizing.shape() == null ? null : sizing.shape().config();
    return new WorkloadContext(
        ws,
        model,
        runtime,
        gpus,
        sizing.targetNodeCount(),
        revision,
        inferenceConfig(ws, cluster),
        localNvme(ws, cluster),
        settings.mode(),
        images);
  }

  private Optional<ModelPreset> model(Workspace ws) {
    if (ws.getInference() != null && ws.getInference().preset() != null) {
      return models.findSupported(ws.getInference().preset().name());
    }
    if (ws.getTuning() != null && ws.getTuning().preset() != null) {
      return models.findSupported(ws.getTuning().preset().name());
    }
    return Optional.empty();
  }

  private static Map<String, String> inferenceConfig(Workspace ws, ClusterView cluster) {
    if (ws.getInference() == null
        || ws.getInference().config() == null
        || ws.getInference().config().isEmpty()) {
      return Map.of();
    }
    Optional<String> yaml =
        cluster
            .configMap(ws.getMetadata().getNamespace(), ws.getInference().config())
            .map(ConfigMap::getData)
            .map(d -> d.get(InferenceConfigFile.KEY));
    try {
      return yaml.map(InferenceConfigFile::vllmArguments).orElse(Map.of());
    } catch (IllegalArgumentException e) {
      return Map.of();
    }
  }

  /** Weights on local NVMe when the SKU has it and the cluster offers KAITO's StorageClass. */
  private boolean localNvme(Workspace ws, ClusterView cluster) {
    if (ws.getInference() == null || ws.getResource() == null) {
      return false;
    }
    boolean nvme =
        instanceTypes.find(ws.getResource().instanceType()).map(t -> t.nvme()).orElse(false);
    return nvme && cluster.storageClassExists(InferenceManifests.LOCAL_NVME_STORAGE_CLASS);
  }
}
