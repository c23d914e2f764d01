package sh.kaito.operator.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import sh.kaito.operator.api.v1beta1.AdapterSpec;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.ModelImageAccessMode;
import sh.kaito.operator.api.v1beta1.PresetSpec;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.ModelPreset;

/** KAITO's InferenceSpec.validateCreate, with adapters validated on create too. */
final class InferenceRules {
  static final int MAX_ADAPTERS = 10;

  private InferenceRules() {}

  static void create(ValidationContext c) {
    InferenceSpec inference = c.ws.getInference();
    if (inference.preset() == null && inference.template() == null) {
      c.errors.missing("inference", "Preset or Template must be specified");
    }
    if (inference.preset() != null && inference.template() != null) {
      c.errors.generic("inference", "Preset and Template cannot be set at the same time");
    }
    if (inference.template() != null) {
      template(c, inference);
    }
    if (inference.preset() != null) {
      preset(c, inference);
    }
    adapters(c, inference.adaptersOrEmpty(), true);
  }

  /** Returns false when the preset is unknown. */
  private static boolean preset(ValidationContext c, InferenceSpec inference) {
    PresetSpec preset = inference.preset();
    Optional<ModelPreset> found = c.models.findSupported(preset.name());
    if (found.isEmpty()) {
      if (preset.name() != null && preset.name().contains("/")) {
        c.errors.invalid(
            "inference.preset",
            "failed to get model preset: model "
                + preset.name()
                + " is not in the preset catalog; supported presets: "
                + String.join(", ", c.models.supportedNames()));
      } else {
        c.errors.invalid(
            "inference.preset.name", "Unsupported inference preset name " + preset.name());
      }
      return false;
    }
    ModelPreset model = found.get();
    InferenceRuntime runtime = c.runtime();
    if (runtime == InferenceRuntime.TRANSFORMERS && !model.supportsRuntime(runtime)) {
      c.errors.generic(
          "inference",
          "Runtime validation: model "
              + model.modelId().toLowerCase(java.util.Locale.ROOT)
              + " does not support inference with Huggingface Transformers runtime");
    }
    if (runtime == InferenceRuntime.VLLM
        && inference.adaptersOrEmpty().stream().anyMatch(a -> a.strength() != null)) {
      c.errors.generic("inference", "Runtime validation: vLLM does not support adapter strength");
    }
    String secret = preset.modelAccessSecret();
    if (model.downloadAuthRequired() && (secret == null || secret.isEmpty())) {
      c.errors.generic(
          "inference.preset.presetOptions.modelAccessSecret",
          "This preset requires authentication and needs a modelAccessSecret with HF_TOKEN key"
              + " under presetOptions to download the model");
    }
    if (c.v1alpha1
        && preset.accessMode() == ModelImageAccessMode.PRIVATE
        && (preset.presetOptions() == null
            || preset.presetOptions().image() == null
            || preset.presetOptions().image().isEmpty())) {
      c.errors.generic(
          "inference.preset.presetOptions.image",
          "When AccessMode is private, an image must be provided in PresetOptions");
    }
    return true;
  }

  static void template(ValidationContext c, InferenceSpec inference) {
    var spec = inference.template().getSpec();
    if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
      c.errors.missing(
          "inference.template.spec.containers",
          "the pod template must define at least one container");
    }
  }

  /** vLLM cannot apply an adapter strength (KAITO checks it at create only; here on update too). */
  static void vllmAdapterStrength(ValidationContext c, InferenceSpec inference) {
    if (inference.preset() != null
        && c.runtime() == InferenceRuntime.VLLM
        && inference.adaptersOrEmpty().stream().anyMatch(a -> a.strength() != null)) {
      c.errors.generic("inference", "Runtime validation: vLLM does not support adapter strength");
    }
  }

  /**
   * The adapter count and unique names; with {@code each}, every adapter's own rules (KAITO checks
   * those on update only, which lets a bad adapter in at create).
   */
  static void adapters(ValidationContext c, List<AdapterSpec> adapters, boolean each) {
    if (adapters.size() > MAX_ADAPTERS) {
      c.errors.generic(
          "inference.adapters",
          "Number of Adapters exceeds the maximum limit, maximum of " + MAX_ADAPTERS + " allowed");
    }
    if (each) {
      for (int i = 0; i < adapters.size(); i++) {
        DataRules.adapter(c.errors, adapters.get(i), "inference.adapters[" + i + "]");
      }
    }
    Set<String> names = new HashSet<>();
    for (AdapterSpec adapter : adapters) {
      String name = adapter.source() == null ? null : adapter.source().name();
      if (name != null && !names.add(name)) {
        c.errors.generic("inference.adapters", "Duplicate adapter source name found: " + name);
      }
    }
  }
}
