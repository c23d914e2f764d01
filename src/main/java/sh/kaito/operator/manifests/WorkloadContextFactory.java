package sh.kaito.operator.manifests;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.ConfigMap;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.GpuInstanceType;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.common.InferenceConfigFile;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.common.TrainingConfigFile;
import sh.kaito.operator.common.WorkspaceRuntimes;
import sh.kaito.operator.sizing.Sizing;

/**
 * Resolves a {@link WorkloadContext}: the model, the runtime, the GPUs, the inference arguments and
 * the tuning output directory, from the catalogs and the cluster state (through {@link
 * ClusterLookup}, so that the controller and {@code plan} resolve them the same way).
 */
public final class WorkloadContextFactory {
  private final ModelCatalog models;
  private final InstanceTypeCatalog instanceTypes;
  private final ProvisioningMode mode;
  private final boolean vllmEnabled;
  private final RuntimeImages images;

  public WorkloadContextFactory(
      ModelCatalog models,
      InstanceTypeCatalog instanceTypes,
      ProvisioningMode mode,
      boolean vllmEnabled,
      RuntimeImages images) {
    this.models = models;
    this.instanceTypes = instanceTypes;
    this.mode = mode;
    this.vllmEnabled = vllmEnabled;
    this.images = images;
  }

  /**
   * @param storageClassExists whether a StorageClass of that name exists (KAITO's local NVMe class)
   */
  public WorkloadContext of(
      Workspace ws,
      Sizing sizing,
      String revision,
      ClusterLookup cluster,
      Predicate<String> storageClassExists) {
    InferenceRuntime runtime = WorkspaceRuntimes.of(ws.getMetadata().getAnnotations(), vllmEnabled);
    GpuConfig gpus = sizing.shape() == null ? null : sizing.shape().config();
    return new WorkloadContext(
        ws,
        model(ws).orElse(null),
        runtime,
        gpus,
        sizing.targetNodeCount(),
        revision,
        inferenceConfig(ws, cluster),
        localNvme(ws, storageClassExists),
        mode,
        images);
  }

  /** Where the trainer writes the adapter: from the user's training config, else the default. */
  public static String tuningOutputDir(Workspace ws, ClusterLookup cluster) {
    if (ws.getTuning() == null
        || ws.getTuning().config() == null
        || ws.getTuning().config().isEmpty()) {
      return TuningManifests.DEFAULT_OUTPUT_DIR;
    }
    Optional<String> yaml =
        cluster
            .configMap(ws.getMetadata().getNamespace(), ws.getTuning().config())
            .map(ConfigMap::getData)
            .map(d -> d.get(TrainingConfigFile.KEY));
    try {
      return yaml.map(TrainingConfigFile::parse)
          .map(TuningManifests::outputDir)
          .orElse(TuningManifests.DEFAULT_OUTPUT_DIR);
    } catch (IllegalArgumentException e) {
      return TuningManifests.DEFAULT_OUTPUT_DIR;
    }
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

  private static Map<String, String> inferenceConfig(Workspace ws, ClusterLookup cluster) {
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
  private boolean localNvme(Workspace ws, Predicate<String> storageClassExists) {
    if (ws.getInference() == null || ws.getResource() == null) {
      return false;
    }
    boolean nvme =
        instanceTypes
            .find(ws.getResource().instanceType())
            .map(GpuInstanceType::nvme)
            .orElse(false);
    return nvme && storageClassExists.test(InferenceManifests.LOCAL_NVME_STORAGE_CLASS);
  }
}
