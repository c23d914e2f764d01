package sh.kaito.operator.sizing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.TuningSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.common.InferenceConfigFile;
import sh.kaito.operator.common.LabelSelectors;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.common.TrainingConfigFile;
import sh.kaito.operator.common.WorkspaceRuntimes;

/**
 * Computes a Workspace's target node count (KAITO's UpdateWorkspaceTargetNodeCount) and the GPU
 * shape it runs on: the vLLM estimator for presets, {@code resource.count} for the transformers
 * runtime and custom templates, one node for tuning.
 */
public final class WorkspaceSizer {
  private final ModelCatalog models;
  private final InstanceTypeCatalog instanceTypes;
  private final ProvisioningMode mode;
  private final boolean vllmEnabled;

  public WorkspaceSizer(
      ModelCatalog models,
      InstanceTypeCatalog instanceTypes,
      ProvisioningMode mode,
      boolean vllmEnabled) {
    this.models = models;
    this.instanceTypes = instanceTypes;
    this.mode = mode;
    this.vllmEnabled = vllmEnabled;
  }

  public Sizing size(Workspace ws, ClusterLookup cluster) throws SizingException {
    ResourceSpec resource = ws.getResource();
    List<String> notes = new ArrayList<>();
    GpuShape shape;
    try {
      shape = shape(resource, cluster, notes);
    } catch (SizingException e) {
      if (!needsShape(ws)) {
        // A custom template or a GPU partition brings its own GPU request: the nodes' GPUs are not
        // needed to size it (admission does not inspect them either).
        notes.add("GPU shape unknown (" + e.getMessage() + "); not needed for this workload");
        shape = null;
      } else {
        throw e;
      }
    }
    if (ws.getTuning() != null) {
      return tuning(ws, ws.getTuning(), shape, cluster, notes);
    }
    InferenceSpec inference = ws.getInference();
    int count = resource.countOrDefault();
    if (inference == null || inference.preset() == null) {
      notes.add("custom pod template: node count from resource.count (" + count + ")");
      return new Sizing(count, shape, null, null, notes);
    }
    InferenceRuntime runtime = WorkspaceRuntimes.of(annotations(ws), vllmEnabled);
    if (runtime == InferenceRuntime.TRANSFORMERS) {
      notes.add("transformers runtime: node count from resource.count (" + count + ")");
      return new Sizing(count, shape, null, null, notes);
    }
    ModelPreset model = model(inference.preset().name());
    if (shape == null || !shape.known()) {
      notes.add(
          "GPUs of the instance type are unknown: node count from resource.count (" + count + ")");
      return new Sizing(count, shape, null, null, notes);
    }
    int context = contextTokens(ws, cluster);
    NodeEstimate estimate;
    try {
      estimate = NodeEstimator.estimate(model, shape.config(), context);
    } catch (SizingException e) {
      if (!bypassResourceChecks(ws)) {
        throw e;
      }
      notes.add(
          "resource checks bypassed: "
              + e.getMessage()
              + "; node count from resource.count ("
              + count
              + ")");
      return new Sizing(count, shape, null, null, notes);
    }
    notes.add(
        String.format(
            Locale.ROOT,
            "vLLM estimate: weights %s GiB as loaded, %s GiB per GPU for weights after the"
                + " reserve (KV cache for %d tokens: %s GiB per GPU) -> %d GPU(s) of %d per node"
                + " -> %d node(s)",
            gib(estimate.modelBytes()),
            gib(estimate.perGpuBudgetBytes()),
            estimate.contextTokens(),
            gib(estimate.kvCacheBytesPerGpu()),
            estimate.minGpus(),
            shape.config().gpuCount(),
            estimate.nodes()));
    return new Sizing(estimate.nodes(), shape, estimate, null, notes);
  }

  private Sizing tuning(
      Workspace ws, TuningSpec tuning, GpuShape shape, ClusterLookup cluster, List<String> notes)
      throws SizingException {
    notes.add("tuning runs on a single node");
    if (shape == null || !shape.known() || tuning.preset() == null) {
      return new Sizing(1, shape, null, null, notes);
    }
    ModelPreset model = model(tuning.preset().name());
    TuningProfile profile = tuningProfile(ws, tuning, cluster);
    TuningMemoryEstimate estimate = TuningMemoryEstimator.estimate(model, profile, shape.config());
    notes.add(
        "tuning memory estimate per GPU: "
            + gib(estimate.totalBytes())
            + " GiB ("
            + estimate.breakdown()
            + ") of "
            + gib(estimate.usablePerGpuBytes())
            + " GiB usable");
    if (!shape.config().supportsBfloat16()) {
      notes.add(
          "GPU compute capability "
              + shape.config().computeCapability()
              + " has no bfloat16: training runs in float16");
    }
    return new Sizing(1, shape, null, estimate, notes);
  }

  /** The GPUs of one node: from the catalog, or the matching nodes' labels in BYO mode. */
  private GpuShape shape(ResourceSpec resource, ClusterLookup cluster, List<String> notes)
      throws SizingException {
    if (mode == ProvisioningMode.BYO) {
      Map<String, String> selector;
      try {
        selector = LabelSelectors.withoutReserved(LabelSelectors.asMap(resource.labelSelector()));
      } catch (LabelSelectors.UnsupportedSelectorException e) {
        throw new SizingException(e.getMessage());
      }
      GpuShapes.Resolution r = GpuShapes.fromNodes(cluster, selector);
      if (r.failed()) {
        throw new SizingException(r.error());
      }
      notes.add(
          "BYO nodes: "
              + r.shape().nodeCount()
              + " matching node(s), "
              + describe(r.shape())
              + " each");
      return r.shape();
    }
    GpuShape shape =
        GpuShapes.fromInstanceType(
            instanceTypes, resource.instanceType(), resource.countOrDefault());
    if (shape.known()) {
      notes.add(shape.source() + ": " + describe(shape) + " per node");
    }
    return shape;
  }

  private static String describe(GpuShape shape) {
    return shape.config().gpuCount()
        + "x "
        + shape.config().product()
        + " ("
        + gib(shape.config().memoryPerGpuBytes())
        + " GiB each)";
  }

  private ModelPreset model(String name) throws SizingException {
    Optional<ModelPreset> model = models.findSupported(name);
    if (model.isEmpty()) {
      throw new SizingException("preset " + name + " is not in the preset catalog");
    }
    return model.get();
  }

  private static int contextTokens(Workspace ws, ClusterLookup cluster) {
    String name = ws.getInference().config();
    if (name == null || name.isEmpty()) {
      return 0;
    }
    Optional<ConfigMap> cm = cluster.configMap(namespace(ws), name);
    String yaml = cm.map(ConfigMap::getData).map(d -> d.get(InferenceConfigFile.KEY)).orElse(null);
    if (yaml == null) {
      return 0;
    }
    try {
      String raw = InferenceConfigFile.vllmArguments(yaml).get("max-model-len");
      return raw == null ? 0 : Integer.parseInt(raw.trim());
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  private static TuningProfile tuningProfile(
      Workspace ws, TuningSpec tuning, ClusterLookup cluster) {
    boolean qlora = "qlora".equalsIgnoreCase(tuning.method());
    TuningProfile fallback = qlora ? TuningProfile.defaultQlora() : TuningProfile.defaultLora();
    if (tuning.config() == null || tuning.config().isEmpty()) {
      return fallback;
    }
    Optional<String> yaml =
        cluster
            .configMap(namespace(ws), tuning.config())
            .map(ConfigMap::getData)
            .map(d -> d.get(TrainingConfigFile.KEY));
    try {
      return yaml.map(TrainingConfigFile::parse).map(TuningProfiles::from).orElse(fallback);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  /** Preset workloads need the GPU shape; templates and partitions carry their own requests. */
  private static boolean needsShape(Workspace ws) {
    boolean template = ws.getInference() != null && ws.getInference().preset() == null;
    boolean partition = ws.getResource() != null && ws.getResource().partition() != null;
    return !template && !partition;
  }

  private static boolean bypassResourceChecks(Workspace ws) {
    Map<String, String> a = annotations(ws);
    return a != null && a.containsKey(KaitoApi.ANNOTATION_BYPASS_RESOURCE_CHECKS);
  }

  private static Map<String, String> annotations(Workspace ws) {
    return ws.getMetadata() == null ? null : ws.getMetadata().getAnnotations();
  }

  private static String namespace(Workspace ws) {
    String ns = ws.getMetadata() == null ? null : ws.getMetadata().getNamespace();
    return ns == null ? "default" : ns;
  }

  private static String gib(long bytes) {
    return ByteQuantity.oneDecimal(ByteQuantity.toGiB(bytes));
  }
}
