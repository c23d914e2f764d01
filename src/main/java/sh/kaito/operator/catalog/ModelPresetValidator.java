package sh.kaito.operator.catalog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks every model entry and fails on the first bad one with a message that names it. */
final class ModelPresetValidator {
  private static final Pattern MODEL_ID = Pattern.compile("^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$");
  private static final Pattern PRESET_NAME = Pattern.compile("^[a-z0-9][a-z0-9./_-]*$");

  private final String source;

  ModelPresetValidator(String source) {
    this.source = source;
  }

  void validateAll(List<ModelPreset> entries) {
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      ModelPreset p = entries.get(i);
      if (p == null) {
        throw fail(i, "?", "entry is empty");
      }
      String label = p.modelId() == null ? "?" : p.modelId();
      validate(i, label, p);
      for (String key : p.lookupKeys()) {
        String previous = seen.putIfAbsent(key, label);
        if (previous != null) {
          throw fail(i, label, "name '" + key + "' is already used by " + previous);
        }
      }
    }
  }

  private void validate(int i, String label, ModelPreset p) {
    require(
        i,
        label,
        p.modelId() != null && MODEL_ID.matcher(p.modelId()).matches(),
        "modelId must be a HuggingFace ID such as org/model");
    require(
        i,
        label,
        p.name() != null && PRESET_NAME.matcher(p.name()).matches(),
        "name must be a lower-case preset name");
    if (p.deprecated()) {
      return;
    }
    try {
      require(i, label, p.weightsBytes() > 0, "weights must be > 0");
    } catch (IllegalArgumentException e) {
      throw fail(i, label, "weights: " + e.getMessage());
    }
    require(
        i,
        label,
        p.architectures() != null && !p.architectures().isEmpty(),
        "architectures must list at least one architecture");
    positive(i, label, "contextLength", p.contextLength());
    positive(i, label, "hiddenSize", p.hiddenSize());
    positive(i, label, "numHiddenLayers", p.numHiddenLayers());
    positive(i, label, "numAttentionHeads", p.numAttentionHeads());
    positive(i, label, "numKeyValueHeads", p.numKeyValueHeads());
    if (p.headDim() != null) {
      positive(i, label, "headDim", p.headDim());
    }
    require(
        i,
        label,
        p.runtimes() != null && !p.runtimes().isEmpty(),
        "runtimes must name at least one runtime (vllm, transformers)");
    if (p.tuning() != null) {
      require(
          i,
          label,
          p.tuning().weightsImageTag() != null && !p.tuning().weightsImageTag().isBlank(),
          "tuning.weightsImageTag is required for a model that supports tuning");
    }
  }

  private void positive(int i, String label, String field, Integer value) {
    require(i, label, value != null && value > 0, field + " must be > 0");
  }

  private void require(int i, String label, boolean condition, String message) {
    if (!condition) {
      throw fail(i, label, message);
    }
  }

  private CatalogException fail(int i, String label, String message) {
    return new CatalogException(source + ": model #" + (i + 1) + " (" + label + "): " + message);
  }
}
