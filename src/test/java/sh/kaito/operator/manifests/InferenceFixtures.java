package sh.kaito.operator.manifests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;

import sh.kaito.operator.api.v1beta1.AdapterSpec;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.PartitionSpec;
import sh.kaito.operator.api.v1beta1.PresetOptions;
import sh.kaito.operator.api.v1beta1.PresetSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.ProvisioningMode;

/** Inference Workspaces and their WorkloadContext for the workload-builder tests. */
final class InferenceFixtures {
  static final String NS = "team-a";
  static final RuntimeImages IMAGES =
      RuntimeImages.defaults("mcr.microsoft.com/aks/kaito", "0.5.0");

  private static ModelCatalog models;
  private static InstanceTypeCatalog instanceTypes;

  private InferenceFixtures() {}

  static synchronized ModelPreset model(String name) {
    if (models == null) {
      models = ModelCatalog.load();
    }
    return models.find(name).orElseThrow(() -> new IllegalArgumentException(name));
  }

  static synchronized List<ModelPreset> allModels() {
    model("phi-4");
    return models.all();
  }

  static synchronized GpuConfig gpus(String instanceType) {
    if (instanceTypes == null) {
      instanceTypes = InstanceTypeCatalog.load();
    }
    return instanceTypes
        .find(instanceType)
        .orElseThrow(() -> new IllegalArgumentException(instanceType))
        .gpuConfig();
  }

  static Builder preset(String wsName, String preset) {
    Builder b = new Builder();
    b.name = wsName;
    b.preset = preset;
    return b;
  }

  static Builder template(String wsName, PodTemplateSpec template) {
    Builder b = new Builder();
    b.name = wsName;
    b.template = template;
    return b;
  }

  static AdapterSpec imageAdapter(String name, String image, String strength, String... secrets) {
    return new AdapterSpec(
        new DataSource(name, null, null, image, secrets.length == 0 ? null : List.of(secrets)),
        strength);
  }

  static AdapterSpec volumeAdapter(String name, Volume volume, String strength) {
    return new AdapterSpec(new DataSource(name, null, volume, null, null), strength);
  }

  /** Builds a Workspace and its context; build() can be called more than once. */
  static final class Builder {
    String name;
    String preset;
    PodTemplateSpec template;
    String instanceType;
    String uid;
    Map<String, String> matchLabels = new LinkedHashMap<>(Map.of("apps", "llm"));
    LabelSelector selector;
    Map<String, String> annotations = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    String config;
    List<AdapterSpec> adapters = new ArrayList<>();
    String accessSecret;
    PartitionSpec partition;
    InferenceRuntime runtime = InferenceRuntime.VLLM;
    GpuConfig gpus;
    int nodeCount = 1;
    String revision = "1";
    Map<String, String> inferenceConfig = Map.of();
    boolean nvme;
    ProvisioningMode mode = ProvisioningMode.MACHINE;

    Builder instanceType(String sku) {
      this.instanceType = sku;
      this.gpus = InferenceFixtures.gpus(sku);
      return this;
    }

    Builder gpus(GpuConfig gpus) {
      this.gpus = gpus;
      return this;
    }

    Builder uid(String uid) {
      this.uid = uid;
      return this;
    }

    Builder selector(LabelSelector selector) {
      this.selector = selector;
      return this;
    }

    Builder matchLabel(String key, String value) {
      matchLabels.put(key, value);
      return this;
    }

    Builder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    Builder config(String configMap, Map<String, String> vllmArgs) {
      this.config = configMap;
      this.inferenceConfig = vllmArgs;
      return this;
    }

    Builder adapter(AdapterSpec adapter) {
      adapters.add(adapter);
      return this;
    }

    Builder accessSecret(String secret) {
      this.accessSecret = secret;
      return this;
    }

    Builder partition(PartitionSpec partition) {
      this.partition = partition;
      return this;
    }

    Builder runtime(InferenceRuntime runtime) {
      this.runtime = runtime;
      return this;
    }

    Builder nodes(int n) {
      this.nodeCount = n;
      return this;
    }

    Builder revision(String revision) {
      this.revision = revision;
      return this;
    }

    Builder nvme(boolean nvme) {
      this.nvme = nvme;
      return this;
    }

    Builder mode(ProvisioningMode mode) {
      this.mode = mode;
      return this;
    }

    Workspace workspace() {
      Workspace ws = new Workspace();
      ws.setMetadata(
          new ObjectMetaBuilder()
              .withName(name)
              .withNamespace(NS)
              .withUid(uid)
              .withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
              .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels))
              .build());
      LabelSelector s =
          selector != null
              ? selector
              : new LabelSelectorBuilder()
                  .withMatchLabels(new LinkedHashMap<>(matchLabels))
                  .build();
      ws.setResource(new ResourceSpec(1, instanceType, s, null, partition));
      PresetSpec presetSpec =
          preset == null
              ? null
              : new PresetSpec(
                  preset,
                  null,
                  accessSecret == null ? null : new PresetOptions(null, null, accessSecret));
      ws.setInference(
          new InferenceSpec(
              presetSpec, template, config, adapters.isEmpty() ? null : List.copyOf(adapters)));
      return ws;
    }

    WorkloadContext build() {
      return new WorkloadContext(
          workspace(),
          preset == null ? null : model(preset),
          runtime,
          gpus,
          nodeCount,
          revision,
          inferenceConfig,
          nvme,
          mode,
          IMAGES);
    }
  }
}
