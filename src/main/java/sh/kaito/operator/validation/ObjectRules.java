package sh.kaito.operator.validation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.Dns1123;

/** Rules on the object as a whole: its name, inference xor tuning, instance type, annotations. */
final class ObjectRules {
  private static final Set<String> PERFORMANCE_MODES =
      Set.of("balanced", "interactivity", "throughput");
  private static final Set<String> IMAGE_FAMILIES = Set.of("ubuntu", "azurelinux");

  private ObjectRules() {}

  static void name(ValidationContext c) {
    String name = c.ws.getMetadata() == null ? null : c.ws.getMetadata().getName();
    List<String> problems = Dns1123.labelErrors(name);
    if (!problems.isEmpty()) {
      c.errors.invalid("metadata.name", String.join(", ", problems));
    }
  }

  /** KAITO's validateCreate: exactly one workload, and an instance type that fits the mode. */
  static void create(ValidationContext c) {
    Workspace ws = c.ws;
    if (ws.getInference() == null && ws.getTuning() == null) {
      c.errors.generic("", "Either Inference or Tuning must be specified, not neither");
    }
    if (ws.getInference() != null && ws.getTuning() != null) {
      c.errors.generic("", "Either Inference or Tuning must be specified, but not both");
    }
    ResourceSpec resource = ws.getResource();
    if (resource == null) {
      c.errors.missing("resource");
      return;
    }
    if (resource.labelSelector() == null) {
      c.errors.missing("resource.labelSelector");
    }
    if (c.settings.byo()) {
      if (resource.hasInstanceType()) {
        c.errors.invalid(
            "resource.instanceType",
            "instanceType must be empty when node auto-provisioning is disabled (BYO scenario)");
      }
    } else if (!resource.hasInstanceType()) {
      c.errors.missing(
          "resource.instanceType",
          "instanceType is required when node auto-provisioning is enabled");
    }
    nodeImageFamily(c);
  }

  static void nodeImageFamily(ValidationContext c) {
    String family = c.annotations().get(KaitoApi.ANNOTATION_NODE_IMAGE_FAMILY);
    if (family != null && !IMAGE_FAMILIES.contains(family.trim().toLowerCase(Locale.ROOT))) {
      c.errors.invalid(
          annotationPath(KaitoApi.ANNOTATION_NODE_IMAGE_FAMILY),
          "unsupported node image family \""
              + family
              + "\", supported values are azurelinux, ubuntu");
    }
  }

  /** KAITO's validateAnnotations, plus the runtime annotation that KAITO silently ignores. */
  static void annotations(ValidationContext c) {
    Map<String, String> a = c.annotations();
    String mode = a.get(KaitoApi.ANNOTATION_PERFORMANCE_MODE);
    if (mode != null && !PERFORMANCE_MODES.contains(mode)) {
      c.errors.invalid(
          annotationPath(KaitoApi.ANNOTATION_PERFORMANCE_MODE),
          "\""
              + mode
              + "\" is not a valid performance mode; choose one of: balanced, interactivity,"
              + " throughput");
    }
    String localWeights = a.get(KaitoApi.ANNOTATION_USE_LOCAL_WEIGHTS);
    if (localWeights != null && !localWeights.equals("true") && !localWeights.equals("false")) {
      c.errors.invalid(
          annotationPath(KaitoApi.ANNOTATION_USE_LOCAL_WEIGHTS),
          "\"" + localWeights + "\" must be \"true\" or \"false\"");
    }
    String runtime = a.get(KaitoApi.ANNOTATION_RUNTIME);
    if (runtime != null && !runtime.equals("vllm") && !runtime.equals("transformers")) {
      c.errors.invalid(
          annotationPath(KaitoApi.ANNOTATION_RUNTIME),
          "\"" + runtime + "\" is not an inference runtime; choose vllm or transformers");
    }
  }

  static String annotationPath(String key) {
    return "metadata.annotations[" + key + "]";
  }
}
