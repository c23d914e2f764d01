package sh.kaito.operator.validation;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;

import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.TuningSpec;
import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.common.Dns1123;
import sh.kaito.operator.common.TrainingConfigFile;
import sh.kaito.operator.sizing.GpuShape;
import sh.kaito.operator.sizing.GpuShapes;
import sh.kaito.operator.sizing.TuningMemoryEstimate;
import sh.kaito.operator.sizing.TuningMemoryEstimator;
import sh.kaito.operator.sizing.TuningProfile;
import sh.kaito.operator.sizing.TuningProfiles;

/**
 * KAITO's tuning rules (TuningSpec.validateCreate, the training ConfigMap checks and
 * validateCreateWithTuning), plus a check that the model fits the GPU with the chosen method.
 */
final class TuningRules {
  private TuningRules() {}

  static void create(ValidationContext c) {
    TuningSpec tuning = c.ws.getTuning();
    ResourceSpec r = c.ws.getResource();
    if (r != null && r.countOrDefault() > 1) {
      c.errors.invalid(
          "resource.count",
          "Tuning does not currently support multinode configurations. Please set the node count"
              + " to 1. Future support with DeepSpeed will allow this.");
    }
    if (r != null && r.partition() != null) {
      c.errors.invalid(
          "resource.partition", "GPU partitioning is not supported for tuning workloads");
    }
    String method = tuning.method() == null ? "" : tuning.method().toLowerCase(Locale.ROOT);
    boolean methodValid = method.equals("lora") || method.equals("qlora");
    if (!methodValid) {
      c.errors.invalid("tuning.method", tuning.method() == null ? "" : tuning.method());
    }
    TuningProfile profile =
        method.equals("qlora") ? TuningProfile.defaultQlora() : TuningProfile.defaultLora();
    if (tuning.config() != null && !tuning.config().isEmpty()) {
      profile = config(c, tuning.config(), method).orElse(profile);
    }
    if (tuning.input() == null) {
      c.errors.missing("tuning.input");
    } else {
      DataRules.source(c.errors, tuning.input(), "tuning.input");
      String inputName = tuning.input().name();
      if (inputName != null && !inputName.isEmpty()) {
        List<String> problems = Dns1123.subdomainErrors(inputName);
        if (!problems.isEmpty()) {
          c.errors.invalid("tuning.input.name", String.join(", ", problems));
        }
      }
    }
    if (tuning.output() == null) {
      c.errors.missing("tuning.output");
    } else {
      DataRules.destination(c.errors, tuning.output(), "tuning.output");
    }
    Optional<ModelPreset> model = preset(c, tuning);
    if (model.isPresent() && methodValid && r != null && r.labelSelector() != null) {
      memory(c, model.get(), method, profile);
    }
  }

  private static Optional<ModelPreset> preset(ValidationContext c, TuningSpec tuning) {
    if (tuning.preset() == null) {
      c.errors.missing("tuning.preset");
      return Optional.empty();
    }
    String name = tuning.preset().name();
    Optional<ModelPreset> model = c.models.findSupported(name);
    if (model.isEmpty()) {
      c.errors.invalid("tuning.preset.name", "Unsupported tuning preset name " + name);
      return Optional.empty();
    }
    if (!model.get().supportsTuning()) {
      c.errors.invalid(
          "tuning.preset.name",
          "Preset "
              + name
              + " does not support tuning; presets that do: "
              + String.join(
                  ", ",
                  c.models.all().stream()
                      .filter(p -> p.supportsTuning() && !p.deprecated())
                      .map(ModelPreset::name)
                      .toList()));
      return Optional.empty();
    }
    return model;
  }

  private static void memory(
      ValidationContext c, ModelPreset model, String method, TuningProfile profile) {
    GpuShape shape;
    if (c.settings.byo()) {
      Optional<Map<String, String>> selector = ResourceRules.selectorLabels(c, c.ws.getResource());
      if (selector.isEmpty()) {
        return;
      }
      GpuShapes.Resolution resolution = GpuShapes.fromNodes(c.cluster, selector.get());
      if (resolution.failed()) {
        c.errors.generic("", resolution.error());
        return;
      }
      shape = resolution.shape();
    } else {
      String instanceType = c.ws.getResource().instanceType();
      if (instanceType == null || instanceType.isEmpty()) {
        return;
      }
      shape = GpuShapes.fromInstanceType(c.instanceTypes, instanceType, 1);
      if (!shape.known()) {
        c.errors.invalid(
            "resource.instanceType",
            "Unsupported instance type "
                + instanceType
                + " for tuning: the tuning job needs to know the GPUs of the node; supported SKUs: "
                + c.instanceTypes.namesFor(c.settings.cloud()));
        return;
      }
    }
    TuningMemoryEstimate estimate = TuningMemoryEstimator.estimate(model, profile, shape.config());
    if (estimate.fits()) {
      return;
    }
    String message =
        "Insufficient GPU memory for "
            + method
            + " tuning: preset "
            + model.name()
            + " needs about "
            + ByteQuantity.oneDecimal(ByteQuantity.toGiB(estimate.totalBytes()))
            + " GiB per GPU ("
            + estimate.breakdown()
            + "), but "
            + shape.source()
            + " has "
            + ByteQuantity.oneDecimal(ByteQuantity.toGiB(shape.config().memoryPerGpuBytes()))
            + " GiB per GPU ("
            + ByteQuantity.oneDecimal(ByteQuantity.toGiB(estimate.usablePerGpuBytes()))
            + " GiB usable)"
            + (method.equals("lora") ? "; method qlora needs much less memory" : "");
    if (c.bypassResourceChecks()) {
      c.errors.warn("Bypassing resource check: " + message);
    } else {
      c.errors.invalid("resource.instanceType", message);
    }
  }

  /** Validates the user's training ConfigMap; returns its training profile when it is valid. */
  private static Optional<TuningProfile> config(ValidationContext c, String name, String method) {
    String ns = c.namespace();
    Optional<ConfigMap> cm;
    try {
      cm = c.cluster.configMap(ns, name);
    } catch (ClusterLookup.LookupException e) {
      c.errors.generic(
          "tuning.config",
          "Failed to evaluate validateConfigMap: Failed to get ConfigMap '"
              + name
              + "' in namespace '"
              + ns
              + "': "
              + e.getMessage());
      return Optional.empty();
    }
    if (cm.isEmpty()) {
      c.errors.generic(
          "tuning.config",
          "Failed to evaluate validateConfigMap: ConfigMap '"
              + name
              + "' specified in 'config' not found in namespace '"
              + ns
              + "'");
      return Optional.empty();
    }
    Map<String, String> data = cm.get().getData();
    String yaml = data == null ? null : data.get(TrainingConfigFile.KEY);
    if (yaml == null) {
      c.errors.missing("tuning.config", "training_config.yaml in ConfigMap");
      return Optional.empty();
    }
    TrainingConfigFile file;
    try {
      file = TrainingConfigFile.parse(yaml);
    } catch (IllegalArgumentException e) {
      c.errors.invalid("tuning.config", e.getMessage());
      return Optional.empty();
    }
    int before = c.errors.size();
    for (String section : file.sectionNames()) {
      if (!TrainingConfigFile.SECTIONS.contains(section)) {
        c.errors.invalid("tuning.config", "Unrecognized section: " + section);
      }
    }
    quantization(c, file, method, name);
    outputDir(c, file, name, ns);
    return c.errors.size() == before ? Optional.of(TuningProfiles.from(file)) : Optional.empty();
  }

  private static void quantization(
      ValidationContext c, TrainingConfigFile file, String method, String cmName) {
    String path = "tuning.config";
    if (!file.hasSection("QuantizationConfig")) {
      if (method.equals("qlora")) {
        c.errors.missing(
            path,
            "For method 'qlora', either 'load_in_4bit' or 'load_in_8bit' must be true in"
                + " ConfigMap '"
                + cmName
                + "'");
      }
      return;
    }
    Map<String, Object> quant = file.section("QuantizationConfig");
    for (String key : List.of("load_in_4bit", "load_in_8bit")) {
      Object v = quant.get(key);
      if (v != null && !(v instanceof Boolean)) {
        c.errors.invalid(
            path, key + ": value must be either nil or a boolean, got type " + goType(v));
        return;
      }
    }
    Object in4 = quant.get("load_in_4bit");
    Object in8 = quant.get("load_in_8bit");
    boolean four = Boolean.TRUE.equals(in4);
    boolean eight = Boolean.TRUE.equals(in8);
    if (four && eight) {
      c.errors.generic(
          path,
          "Cannot set both 'load_in_4bit' and 'load_in_8bit' to true in ConfigMap '"
              + cmName
              + "'");
    } else if (method.equals("lora") && (four || eight)) {
      c.errors.generic(
          path,
          "For method 'lora', 'load_in_4bit' or 'load_in_8bit' in ConfigMap '"
              + cmName
              + "' must not be true");
    } else if (method.equals("qlora") && !four && !eight) {
      c.errors.missing(
          path,
          "For method 'qlora', either 'load_in_4bit' or 'load_in_8bit' must be true in ConfigMap '"
              + cmName
              + "'");
    }
  }

  private static String goType(Object v) {
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Integer || v instanceof Long) {
      return "int";
    }
    if (v instanceof Number) {
      return "float64";
    }
    return v.getClass().getSimpleName();
  }

  private static void outputDir(
      ValidationContext c, TrainingConfigFile file, String cmName, String ns) {
    Map<String, Object> args = file.section("TrainingArguments");
    if (!args.containsKey("output_dir")) {
      return;
    }
    Object dir = args.get("output_dir");
    if (!(dir instanceof String s)) {
      c.errors.invalid(
          "tuning.config",
          "output_dir is not a string in ConfigMap '" + cmName + "' in namespace '" + ns + "'");
      return;
    }
    // As the tuning job resolves it (KAITO's PrepareOutputDir): a path under /mnt is taken as it
    // is, anything else is joined under /mnt.
    Path mnt = Path.of("/mnt");
    Path clean;
    try {
      Path given = Path.of(s);
      clean =
          (given.startsWith(mnt) ? given : mnt.resolve(s.startsWith("/") ? s.substring(1) : s))
              .normalize();
    } catch (InvalidPathException e) {
      clean = mnt;
    }
    if (clean.equals(mnt) || !clean.startsWith(mnt)) {
      c.errors.invalid(
          "tuning.config", "Invalid output_dir specified: '" + s + "', must be a directory");
    }
  }
}
