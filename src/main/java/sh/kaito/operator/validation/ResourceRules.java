package sh.kaito.operator.validation;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.PartitionMode;
import sh.kaito.operator.api.v1beta1.PartitionSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.LabelSelectors;
import sh.kaito.operator.sizing.GpuShape;
import sh.kaito.operator.sizing.GpuShapes;
import sh.kaito.operator.sizing.NodeEstimator;
import sh.kaito.operator.sizing.SizingException;

/** KAITO's ResourceSpec.validateCreateWithInference: does the model fit the GPUs it will get. */
final class ResourceRules {
  private ResourceRules() {}

  static void createWithInference(ValidationContext c, int contextTokens) {
    ResourceSpec r = c.ws.getResource();
    InferenceSpec inference = c.ws.getInference();
    if (r == null || r.labelSelector() == null) {
      return;
    }
    ModelPreset model = null;
    if (inference.preset() != null) {
      Optional<ModelPreset> preset = c.models.find(inference.preset().name());
      if (preset.isPresent() && preset.get().deprecated()) {
        c.errors.generic(
            "inference.preset.name",
            "Model "
                + inference.preset().name().toLowerCase(Locale.ROOT)
                + " is deprecated and no longer supported");
        return;
      }
      if (preset.isEmpty()) {
        // InferenceRules reports the unknown name.
        return;
      }
      model = preset.get();
    }
    Optional<Map<String, String>> selector = selectorLabels(c, r);
    if (selector.isEmpty()) {
      return;
    }
    GpuShape shape;
    if (c.settings.byo()) {
      if (r.partition() != null) {
        partition(c, r.partition(), model);
        return;
      }
      if (model == null) {
        // A custom template: its GPU needs are unknown, so the nodes are not inspected.
        return;
      }
      GpuShapes.Resolution resolution = GpuShapes.fromNodes(c.cluster, selector.get());
      if (resolution.failed()) {
        c.errors.generic("", resolution.error());
        return;
      }
      shape = resolution.shape();
    } else {
      if (r.partition() != null) {
        c.errors.generic(
            "resource.partition",
            "GPU partitioning is only supported with BYO nodes"
                + " (disableNodeAutoProvisioning=true)");
        return;
      }
      if (!r.hasInstanceType()) {
        // ObjectRules reports the missing instance type.
        return;
      }
      shape = GpuShapes.fromInstanceType(c.instanceTypes, r.instanceType(), r.countOrDefault());
      if (!shape.known()) {
        unknownInstanceType(c, r.instanceType());
        return;
      }
    }
    if (model != null) {
      memory(c, model, shape);
      if (c.runtime() == InferenceRuntime.VLLM) {
        estimate(c, model, shape, contextTokens);
      }
    }
  }

  /** The selector as a label map; empty (with an error recorded) when it cannot be used. */
  static Optional<Map<String, String>> selectorLabels(ValidationContext c, ResourceSpec r) {
    Map<String, String> labels;
    try {
      labels = LabelSelectors.asMap(r.labelSelector());
    } catch (LabelSelectors.UnsupportedSelectorException e) {
      c.errors.invalid("resource.labelSelector", e.getMessage());
      return Optional.empty();
    }
    Map<String, String> matchLabels = r.labelSelector().getMatchLabels();
    if (matchLabels != null) {
      for (String key : matchLabels.keySet()) {
        if (LabelSelectors.RESERVED_KEYS.contains(key)) {
          c.errors.warn(
              "labelSelector contains reserved KAITO label \"" + key + "\"; it will be ignored");
        }
      }
      if (!matchLabels.isEmpty()
          && LabelSelectors.sanitizedMatchLabels(r.labelSelector()).isEmpty()) {
        c.errors.invalid(
            "resource.labelSelector.matchLabels",
            "matchLabels must contain at least one non-reserved label");
        return Optional.empty();
      }
    }
    return Optional.of(LabelSelectors.withoutReserved(labels));
  }

  static void unknownInstanceType(ValidationContext c, String instanceType) {
    if (GpuShapes.isPassThroughAzureSku(c.settings.cloud(), instanceType)) {
      c.errors.warn(
          "instance type "
              + instanceType
              + " is not in the instance-type catalog: its GPUs are unknown, so GPU sizing is"
              + " skipped and resource.count is used as the node count");
      return;
    }
    c.errors.invalid(
        "resource.instanceType",
        "Unsupported instance type "
            + instanceType
            + ". Supported SKUs: "
            + c.instanceTypes.namesFor(c.settings.cloud()));
  }

  /**
   * KAITO checks the weights against the total GPU memory only for BYO nodes and for the
   * transformers runtime (vLLM nodes are sized by the estimator instead).
   */
  private static void memory(ValidationContext c, ModelPreset model, GpuShape shape) {
    InferenceRuntime runtime = c.runtime();
    if (!c.settings.byo() && runtime == InferenceRuntime.VLLM) {
      return;
    }
    long weights = model.weightsBytes();
    long total = shape.config().totalMemoryBytes() * shape.nodeCount();
    String instanceType = c.ws.getResource().instanceType();
    if (total < weights) {
      String message =
          "Insufficient total GPU memory: Instance type "
              + (instanceType == null || instanceType.isEmpty()
                  ? "of " + shape.source()
                  : instanceType)
              + " has a total of "
              + ByteQuantity.formatGi(total)
              + ", but preset "
              + model.name()
              + " requires at least "
              + model.weights();
      if (c.bypassResourceChecks()) {
        c.errors.warn("Bypassing resource check: " + message);
      } else {
        c.errors.invalid("resource.instanceType", message);
      }
    }
    if (weights > shape.config().totalMemoryBytes() && runtime == InferenceRuntime.TRANSFORMERS) {
      c.errors.generic(
          "",
          "Multi-node distributed inference is not supported with Huggingface Transformers"
              + " runtime");
    }
  }

  /**
   * Runs the node estimator at admission, so that a GPU too small for vLLM's fixed reserve is
   * refused now rather than failing in the controller (KAITO finds out only at reconcile).
   */
  private static void estimate(
      ValidationContext c, ModelPreset model, GpuShape shape, int contextTokens) {
    try {
      NodeEstimator.estimate(model, shape.config(), contextTokens);
    } catch (SizingException e) {
      if (c.bypassResourceChecks()) {
        c.errors.warn("Bypassing resource check: " + e.getMessage());
      } else {
        c.errors.invalid(
            "resource.instanceType",
            "preset " + model.name() + " cannot run on " + shape.source() + ": " + e.getMessage());
      }
    }
  }

  private static void partition(ValidationContext c, PartitionSpec p, ModelPreset model) {
    if (p.mode() == PartitionMode.MIG) {
      if (!c.settings.migEnabled()) {
        c.errors.generic(
            "resource.partition", "MIG support is not enabled, set feature gate enableMIG=true");
        return;
      }
      if (p.count() != null) {
        c.errors.invalid("resource.partition.count", "count is only valid for accelerator mode");
        return;
      }
      long slice;
      try {
        slice = MigProfiles.sliceMemoryBytes(p.profile());
      } catch (IllegalArgumentException e) {
        c.errors.invalid("resource.partition.profile", e.getMessage());
        return;
      }
      if (model != null && slice < model.weightsBytes()) {
        String message =
            "Model "
                + model.name()
                + " requires at least "
                + model.weights()
                + " for weights, which exceeds the "
                + p.profile()
                + " MIG slice capacity of "
                + ByteQuantity.formatGi(slice);
        if (c.bypassResourceChecks()) {
          c.errors.warn("Bypassing resource check: " + message);
        } else {
          c.errors.invalid("resource.partition", message);
        }
      }
    } else if (p.mode() == PartitionMode.ACCELERATOR) {
      if (!c.settings.acceleratorEnabled()) {
        c.errors.generic(
            "resource.partition",
            "accelerator partition support is not enabled, set feature gate"
                + " enableAccelerator=true");
        return;
      }
      if (p.profile() != null && !p.profile().isEmpty()) {
        c.errors.invalid("resource.partition.profile", "profile is not valid for accelerator mode");
      }
      if (p.count() == null) {
        c.errors.missing("resource.partition.count");
      }
    } else {
      c.errors.invalid(
          "resource.partition.mode",
          "unsupported partition mode, supported modes are \"mig\" and \"accelerator\"");
    }
  }
}
