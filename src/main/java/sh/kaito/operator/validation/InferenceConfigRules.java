package sh.kaito.operator.validation;

import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;

import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.common.InferenceConfigFile;

/** KAITO's validateInferenceConfig: the inference ConfigMap of a vLLM Workspace. */
final class InferenceConfigRules {
  private InferenceConfigRules() {}

  /**
   * Validates the ConfigMap and returns the context size it sets (vllm.max-model-len), or 0 when it
   * sets none or cannot be read.
   */
  static int validate(ValidationContext c) {
    String name = c.ws.getInference().config();
    if (c.runtime() != InferenceRuntime.VLLM || name == null || name.isEmpty()) {
      return 0;
    }
    String ns = c.namespace();
    Optional<ConfigMap> cm;
    try {
      cm = c.cluster.configMap(ns, name);
    } catch (ClusterLookup.LookupException e) {
      c.errors.generic(
          "inference.config",
          "Failed to get ConfigMap '" + name + "' in namespace '" + ns + "': " + e.getMessage());
      return 0;
    }
    if (cm.isEmpty()) {
      c.errors.generic(
          "inference.config",
          "ConfigMap '" + name + "' specified in 'config' not found in namespace '" + ns + "'");
      return 0;
    }
    Map<String, String> data = cm.get().getData();
    String yaml = data == null ? null : data.get(InferenceConfigFile.KEY);
    if (yaml == null) {
      c.errors.missing("inference.config", "inference_config.yaml in ConfigMap");
      return 0;
    }
    Map<String, String> vllm;
    try {
      vllm = InferenceConfigFile.vllmArguments(yaml);
    } catch (IllegalArgumentException e) {
      c.errors.generic(
          "inference.config", "Failed to parse inference_config.yaml: " + e.getMessage());
      return 0;
    }
    String raw = vllm.get("max-model-len");
    if (raw == null || raw.trim().isEmpty() || c.ws.getInference().preset() == null) {
      return 0;
    }
    Optional<ModelPreset> model = c.models.findSupported(c.ws.getInference().preset().name());
    int value;
    try {
      value = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      c.errors.invalid(
          "inference.config",
          "max-model-len must be an integer: strconv.Atoi: parsing \""
              + raw.trim()
              + "\": invalid syntax");
      return 0;
    }
    if (model.isPresent() && value > model.get().contextLength()) {
      c.errors.invalid(
          "inference.config",
          "max-model-len "
              + value
              + " exceeds model's maximum supported context window "
              + model.get().contextLength()
              + " (ModelTokenLimit)");
      return 0;
    }
    return value;
  }
}
