package sh.kaito.operator.catalog;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks every model entry and fails on the first bad one with a message that names it. */
final class ModelPresetValidator {
  private static final Pattern MODEL_ID = Pattern.compile("^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$");
  private static final Pattern PRESET_NAME = Pattern.compile("^[a-z0-9][a-z0-9./_-]*$");
  private static final Pattern REVISION = Pattern.compile("^[0-9a-f]{40}$");
  private static final Pattern FLAG_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");

  /** Weights below this are a missing unit ({@code 7.12} instead of {@code 7.12Gi}). */
  private static final long MIN_WEIGHTS = ByteQuantity.MI;

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
      String label = label(p);
      validate(i, label, p);
      for (String key : p.lookupKeys()) {
        String previous = seen.putIfAbsent(key, label);
        if (previous != null) {
          throw fail(i, label, "name '" + key + "' is already used by " + previous);
        }
      }
    }
  }

  private static String label(ModelPreset p) {
    if (p.modelId() != null && !p.modelId().isBlank()) {
      return p.modelId();
    }
    if (p.name() != null && !p.name().isBlank()) {
      return p.name();
    }
    return "?";
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
    require(
        i,
        label,
        !p.name().contains("/") || p.name().equals(p.modelId().toLowerCase(Locale.ROOT)),
        "a name containing '/' must be the lower-cased modelId");
    require(
        i,
        label,
        p.revision() == null || REVISION.matcher(p.revision()).matches(),
        "revision must be a 40-character lower-case hex commit ID");
    if (p.deprecated()) {
      return;
    }
    long weights;
    try {
      weights = p.weightsBytes();
    } catch (IllegalArgumentException e) {
      throw fail(i, label, "weights: " + e.getMessage());
    }
    require(
        i,
        label,
        weights >= MIN_WEIGHTS,
        "weights '" + p.weights() + "' is too small; write it with a unit such as 7.12Gi");
    require(
        i,
        label,
        p.architectures() != null
            && !p.architectures().isEmpty()
            && p.architectures().stream().allMatch(a -> a != null && !a.isBlank()),
        "architectures must list at least one architecture");
    positive(i, label, "contextLength", p.contextLength());
    positive(i, label, "hiddenSize", p.hiddenSize());
    positive(i, label, "numHiddenLayers", p.numHiddenLayers());
    positive(i, label, "numAttentionHeads", p.numAttentionHeads());
    positive(i, label, "numKeyValueHeads", p.numKeyValueHeads());
    optionalPositive(i, label, "headDim", p.headDim());
    optionalPositive(i, label, "kvLoraRank", p.kvLoraRank());
    optionalPositive(i, label, "qkRopeHeadDim", p.qkRopeHeadDim());
    require(
        i,
        label,
        p.numKeyValueHeads() <= p.numAttentionHeads(),
        "numKeyValueHeads must not exceed numAttentionHeads");
    require(
        i,
        label,
        p.headDim() != null || p.hiddenSize() % p.numAttentionHeads() == 0,
        "headDim is required when hiddenSize is not a multiple of numAttentionHeads");
    if (p.quantization() != null) {
      require(
          i,
          label,
          p.quantization().method() != null && !p.quantization().method().isBlank(),
          "quantization.method is required when quantization is given");
      optionalPositive(i, label, "quantization.bits", p.quantization().bits());
    }
    require(
        i,
        label,
        p.runtimes() != null && !p.runtimes().isEmpty(),
        "runtimes must name at least one runtime (vllm, transformers)");
    require(
        i,
        label,
        !p.runtimes().contains(null) && new HashSet<>(p.runtimes()).size() == p.runtimes().size(),
        "runtimes must not contain empty or repeated entries");
    if (p.tuning() != null) {
      require(
          i,
          label,
          p.tuning().weightsImageTag() != null && !p.tuning().weightsImageTag().isBlank(),
          "tuning.weightsImageTag is required for a model that supports tuning");
      List<String> modules = p.tuning().targetModules();
      require(
          i,
          label,
          modules == null
              || (!modules.isEmpty() && modules.stream().allMatch(m -> m != null && !m.isBlank())),
          "tuning.targetModules must be omitted or list module names");
    }
    if (p.runtimeFlags() != null) {
      Set<String> flags = new HashSet<>();
      for (Map.Entry<String, String> flag : p.runtimeFlags().entrySet()) {
        String name = flag.getKey();
        require(
            i,
            label,
            name != null && FLAG_NAME.matcher(name).matches(),
            "runtimeFlags key '" + name + "' must be a flag name without leading dashes");
        require(
            i,
            label,
            flag.getValue() != null,
            "runtimeFlags value of '" + name + "' is missing (use \"\" for a switch)");
        require(
            i,
            label,
            flags.add(name.replace('_', '-')),
            "runtimeFlags names '" + name + "' twice (dashes and underscores are the same flag)");
      }
    }
  }

  private void positive(int i, String label, String field, Integer value) {
    require(i, label, value != null && value > 0, field + " must be > 0");
  }

  private void optionalPositive(int i, String label, String field, Integer value) {
    if (value != null) {
      positive(i, label, field, value);
    }
  }

  private void require(int i, String label, boolean condition, String message) {
    if (!condition) {
      throw fail(i, label, message);
    }
  }

  private CatalogException fail(int i, String label, String message) {
    return new CatalogException(CatalogFiles.entryPrefix(source, "model", i, label) + message);
  }
}
