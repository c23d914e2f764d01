package sh.kaito.operator.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.AdapterSpec;
import sh.kaito.operator.api.v1beta1.DataDestination;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.ModelImageAccessMode;
import sh.kaito.operator.api.v1beta1.PartitionMode;
import sh.kaito.operator.api.v1beta1.PartitionSpec;
import sh.kaito.operator.api.v1beta1.PresetOptions;
import sh.kaito.operator.api.v1beta1.PresetSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.TuningSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.common.StaticClusterLookup;
import sh.kaito.operator.sizing.GpuFeatureLabels;

/**
 * Readable Workspace, Node and ConfigMap fixtures for unit tests.
 *
 * <pre>
 * Workspace ws = Workspaces.tuning("phi-3-mini-128k-instruct", "qlora")
 *     .instanceType("Standard_NC6s_v3")
 *     .build();
 * </pre>
 *
 * A builder can be built more than once, changed in between, to get the old and new object of an
 * update: {@code var b = inference("phi-4"); old = b.build(); now = b.count(2).build();}.
 */
public final class Workspaces {
  public static final String A10 = "Standard_NV36ads_A10_v5";
  public static final String A100 = "Standard_NC24ads_A100_v4";
  public static final String H100X8 = "Standard_ND96isr_H100_v5";
  public static final String V100 = "Standard_NC6s_v3";

  /** GFD product names as the NVIDIA labels spell them. */
  public static final String A100_PRODUCT = "NVIDIA-A100-SXM4-80GB";

  public static final String H100_PRODUCT = "NVIDIA-H100-80GB-HBM3";
  public static final String V100_PRODUCT = "Tesla-V100-PCIE-16GB";

  public static final String PUBLIC_DATA_URL =
      "https://huggingface.co/datasets/philschmid/dolly-15k-oai-style/resolve/main/data/train.parquet";
  public static final String OUTPUT_IMAGE = "myregistry.azurecr.io/phi-3-adapter:0.0.1";
  public static final String PUSH_SECRET = "acr-push-secret";

  private static ModelCatalog models;
  private static InstanceTypeCatalog instanceTypes;

  private Workspaces() {}

  /** The shipped model catalog, loaded once. */
  public static synchronized ModelCatalog models() {
    if (models == null) {
      models = ModelCatalog.load();
    }
    return models;
  }

  /** The shipped instance-type catalog, loaded once. */
  public static synchronized InstanceTypeCatalog instanceTypes() {
    if (instanceTypes == null) {
      instanceTypes = InstanceTypeCatalog.load();
    }
    return instanceTypes;
  }

  /** An inference Workspace serving a preset. No instance type: set one for machine mode. */
  public static WorkspaceBuilder inference(String preset) {
    WorkspaceBuilder b = new WorkspaceBuilder();
    b.inference = true;
    b.preset = preset;
    return b;
  }

  /** An inference Workspace with a custom pod template of one container. */
  public static WorkspaceBuilder template() {
    WorkspaceBuilder b = new WorkspaceBuilder();
    b.inference = true;
    b.template = podTemplate("server", "nginx:1.27");
    return b;
  }

  /**
   * A tuning Workspace with a public URL input and an image output (valid image and push secret).
   */
  public static WorkspaceBuilder tuning(String preset, String method) {
    WorkspaceBuilder b = new WorkspaceBuilder();
    b.tuning = true;
    b.preset = preset;
    b.method = method;
    b.input = urls(PUBLIC_DATA_URL);
    b.output = imageOutput(OUTPUT_IMAGE, PUSH_SECRET);
    return b;
  }

  /** A Workspace with neither inference nor tuning. */
  public static WorkspaceBuilder empty() {
    return new WorkspaceBuilder();
  }

  public static PodTemplateSpec podTemplate(String container, String image) {
    return new PodTemplateSpecBuilder()
        .withNewSpec()
        .addNewContainer()
        .withName(container)
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  public static PodTemplateSpec podTemplateWithoutContainers() {
    return new PodTemplateSpecBuilder().withNewSpec().endSpec().build();
  }

  public static Volume emptyDir() {
    return new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build();
  }

  public static DataSource urls(String... urls) {
    return new DataSource("dataset", List.of(urls), null, null, null);
  }

  public static DataSource imageSource(String name, String image) {
    return new DataSource(name, null, null, image, null);
  }

  public static DataSource volumeSource(String name) {
    return new DataSource(name, null, emptyDir(), null, null);
  }

  public static DataDestination imageOutput(String image, String pushSecret) {
    return new DataDestination(null, image, pushSecret);
  }

  public static DataDestination volumeOutput() {
    return new DataDestination(emptyDir(), null, null);
  }

  /** An image adapter without strength. */
  public static AdapterSpec adapter(String name) {
    return new AdapterSpec(
        imageSource(name, "myregistry.azurecr.io/adapters/" + name + ":1.0"), null);
  }

  public static AdapterSpec adapter(String name, String strength) {
    return new AdapterSpec(
        imageSource(name, "myregistry.azurecr.io/adapters/" + name + ":1.0"), strength);
  }

  /** {@code n} image adapters named adapter-0 .. adapter-(n-1). */
  public static List<AdapterSpec> adapters(int n) {
    return IntStream.range(0, n).mapToObj(i -> adapter("adapter-" + i)).toList();
  }

  public static PartitionSpec mig(String profile) {
    return new PartitionSpec(PartitionMode.MIG, profile, null);
  }

  public static PartitionSpec accelerator(Integer count) {
    return new PartitionSpec(PartitionMode.ACCELERATOR, null, count);
  }

  /** A selector with one {@code In} expression. */
  public static LabelSelector selectorIn(String key, String... values) {
    return new LabelSelectorBuilder()
        .withMatchExpressions(
            new LabelSelectorRequirementBuilder()
                .withKey(key)
                .withOperator("In")
                .withValues(values)
                .build())
        .build();
  }

  /** A selector with one expression of any operator. */
  public static LabelSelector selectorExpression(String key, String operator, String... values) {
    return new LabelSelectorBuilder()
        .withMatchExpressions(
            new LabelSelectorRequirementBuilder()
                .withKey(key)
                .withOperator(operator)
                .withValues(values.length == 0 ? null : List.of(values))
                .build())
        .build();
  }

  public static LabelSelector matchLabels(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(new LinkedHashMap<>(labels)).build();
  }

  /**
   * A GPU node with the GPU Feature Discovery labels KAITO reads, plus {@code extraLabels} (which a
   * Workspace selector matches).
   *
   * @param memoryMiB memory of one GPU in MiB, as GFD reports it
   */
  public static Node gpuNode(
      String name, String product, int count, long memoryMiB, Map<String, String> extraLabels) {
    Map<String, String> labels = new TreeMap<>(extraLabels);
    labels.put(GpuFeatureLabels.PRODUCT, product);
    labels.put(GpuFeatureLabels.COUNT, Integer.toString(count));
    labels.put(GpuFeatureLabels.MEMORY, Long.toString(memoryMiB));
    return node(name, labels);
  }

  /** An A100 80GB node with label app=&lt;app&gt;. */
  public static Node a100Node(String name, String app) {
    return gpuNode(name, A100_PRODUCT, 1, 81920, Map.of("app", app));
  }

  /** A node with exactly these labels (no GFD labels unless given). */
  public static Node node(String name, Map<String, String> labels) {
    return new NodeBuilder()
        .withMetadata(
            new ObjectMetaBuilder().withName(name).withLabels(new TreeMap<>(labels)).build())
        .build();
  }

  public static ConfigMap configMap(String name, String key, String content) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withData(Map.of(key, content))
        .build();
  }

  public static ConfigMap inferenceConfig(String name, String yaml) {
    return configMap(name, "inference_config.yaml", yaml);
  }

  public static ConfigMap trainingConfig(String name, String yaml) {
    return configMap(name, "training_config.yaml", yaml);
  }

  public static StaticClusterLookup cluster(List<Node> nodes, List<ConfigMap> configMaps) {
    return new StaticClusterLookup(nodes, configMaps);
  }

  public static StaticClusterLookup nodes(Node... nodes) {
    return new StaticClusterLookup(List.of(nodes), List.of());
  }

  public static StaticClusterLookup configMaps(ConfigMap... configMaps) {
    return new StaticClusterLookup(List.of(), List.of(configMaps));
  }

  /** Builds Workspaces; every {@link #build()} returns a new, independent object. */
  public static final class WorkspaceBuilder {
    private String name = "workspace-test";
    private String namespace = "default";
    private String uid;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<String> finalizers = new ArrayList<>();
    private Instant deletionTimestamp;

    private Integer count = 1;
    private String instanceType;
    private LabelSelector labelSelector = Workspaces.matchLabels(Map.of("app", "test"));
    private PartitionSpec partition;

    private boolean inference;
    private boolean tuning;
    private String preset;
    private boolean noPreset;
    private ModelImageAccessMode accessMode;
    private String presetImage;
    private String modelAccessSecret;
    private PodTemplateSpec template;
    private String config;
    private List<AdapterSpec> adapters;

    private String tuningPreset;
    private String method;
    private DataSource input;
    private DataDestination output;
    private boolean noResource;

    private WorkspaceBuilder() {}

    public WorkspaceBuilder name(String name) {
      this.name = name;
      return this;
    }

    public WorkspaceBuilder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public WorkspaceBuilder uid(String uid) {
      this.uid = uid;
      return this;
    }

    public WorkspaceBuilder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public WorkspaceBuilder runtime(String runtime) {
      return annotation(KaitoApi.ANNOTATION_RUNTIME, runtime);
    }

    public WorkspaceBuilder bypassResourceChecks() {
      return annotation(KaitoApi.ANNOTATION_BYPASS_RESOURCE_CHECKS, "");
    }

    public WorkspaceBuilder finalizer(String finalizer) {
      finalizers.add(finalizer);
      return this;
    }

    public WorkspaceBuilder deleting() {
      this.deletionTimestamp = Instant.parse("2026-01-01T00:00:00Z");
      return this;
    }

    public WorkspaceBuilder count(Integer count) {
      this.count = count;
      return this;
    }

    public WorkspaceBuilder instanceType(String instanceType) {
      this.instanceType = instanceType;
      return this;
    }

    public WorkspaceBuilder labelSelector(LabelSelector selector) {
      this.labelSelector = selector;
      return this;
    }

    /** Replaces the selector with these matchLabels. */
    public WorkspaceBuilder matchLabels(String... keyValues) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (int i = 0; i < keyValues.length; i += 2) {
        labels.put(keyValues[i], keyValues[i + 1]);
      }
      this.labelSelector = Workspaces.matchLabels(labels);
      return this;
    }

    public WorkspaceBuilder partition(PartitionSpec partition) {
      this.partition = partition;
      return this;
    }

    public WorkspaceBuilder withoutResource() {
      this.noResource = true;
      return this;
    }

    public WorkspaceBuilder preset(String preset) {
      this.preset = preset;
      this.noPreset = false;
      return this;
    }

    public WorkspaceBuilder withoutPreset() {
      this.noPreset = true;
      return this;
    }

    public WorkspaceBuilder accessMode(ModelImageAccessMode mode) {
      this.accessMode = mode;
      return this;
    }

    public WorkspaceBuilder presetImage(String image) {
      this.presetImage = image;
      return this;
    }

    public WorkspaceBuilder modelAccessSecret(String secret) {
      this.modelAccessSecret = secret;
      return this;
    }

    public WorkspaceBuilder template(PodTemplateSpec template) {
      this.template = template;
      return this;
    }

    public WorkspaceBuilder config(String configMapName) {
      this.config = configMapName;
      return this;
    }

    public WorkspaceBuilder adapters(List<AdapterSpec> adapters) {
      this.adapters = adapters == null ? null : new ArrayList<>(adapters);
      return this;
    }

    public WorkspaceBuilder adapters(AdapterSpec... adapters) {
      return adapters(java.util.Arrays.asList(adapters));
    }

    /** Adds tuning to the Workspace (with the default input and output). */
    public WorkspaceBuilder alsoTuning(String preset, String method) {
      this.tuning = true;
      this.tuningPreset = preset;
      this.method = method;
      this.input = urls(PUBLIC_DATA_URL);
      this.output = imageOutput(OUTPUT_IMAGE, PUSH_SECRET);
      return this;
    }

    public WorkspaceBuilder withoutInference() {
      this.inference = false;
      return this;
    }

    public WorkspaceBuilder method(String method) {
      this.method = method;
      return this;
    }

    public WorkspaceBuilder input(DataSource input) {
      this.input = input;
      return this;
    }

    public WorkspaceBuilder output(DataDestination output) {
      this.output = output;
      return this;
    }

    public Workspace build() {
      Workspace ws = new Workspace();
      ObjectMetaBuilder meta =
          new ObjectMetaBuilder()
              .withName(name)
              .withNamespace(namespace)
              .withUid(uid)
              .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
              .withFinalizers(finalizers.isEmpty() ? null : new ArrayList<>(finalizers));
      if (deletionTimestamp != null) {
        meta.withDeletionTimestamp(deletionTimestamp.toString());
      }
      ws.setMetadata(meta.build());
      if (!noResource) {
        ws.setResource(
            new ResourceSpec(
                count,
                instanceType,
                labelSelector == null ? null : new LabelSelectorBuilder(labelSelector).build(),
                null,
                partition));
      }
      if (inference) {
        ws.setInference(
            new InferenceSpec(
                preset == null || noPreset ? null : presetSpec(preset),
                template,
                config,
                adapters == null ? null : Collections.unmodifiableList(new ArrayList<>(adapters))));
      }
      if (tuning) {
        String p = tuningPreset != null ? tuningPreset : preset;
        ws.setTuning(
            new TuningSpec(
                p == null || noPreset ? null : presetSpec(p),
                method,
                inference ? null : config,
                input,
                output));
      }
      return ws;
    }

    private PresetSpec presetSpec(String presetName) {
      PresetOptions options =
          presetImage == null && modelAccessSecret == null
              ? null
              : new PresetOptions(presetImage, null, modelAccessSecret);
      return new PresetSpec(presetName, accessMode, options);
    }
  }
}
