package sh.kaito.operator.manifests;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The workload objects of a Workspace exactly as the controller creates them, labelled and owned:
 * the one place both the controller and {@code plan} get them from.
 */
public final class WorkloadManifests {
  private WorkloadManifests() {}

  public static List<Service> services(WorkloadContext ctx) {
    return InferenceManifests.services(ctx).stream()
        .map(s -> Ownership.apply(ctx.ws(), s))
        .toList();
  }

  public static StatefulSet statefulSet(WorkloadContext ctx) {
    return Ownership.apply(ctx.ws(), InferenceManifests.statefulSet(ctx));
  }

  /** The operator's default training ConfigMap; null when the Workspace names its own. */
  public static ConfigMap trainingConfigMap(WorkloadContext ctx) {
    ConfigMap cm = TuningManifests.trainingConfigMap(ctx);
    return cm == null ? null : Ownership.apply(ctx.ws(), cm);
  }

  /**
   * @param outputDir where the trainer writes the adapter (from the user's training config, or the
   *     default)
   */
  public static Job job(WorkloadContext ctx, String outputDir) {
    return Ownership.apply(ctx.ws(), TuningManifests.job(ctx, outputDir));
  }

  /** Every workload object, in the order the controller creates them. */
  public static List<HasMetadata> all(WorkloadContext ctx, String tuningOutputDir) {
    List<HasMetadata> objects = new ArrayList<>();
    if (ctx.ws().getTuning() != null) {
      ConfigMap cm = trainingConfigMap(ctx);
      if (cm != null) {
        objects.add(cm);
      }
      objects.add(job(ctx, tuningOutputDir));
    } else if (ctx.ws().getInference() != null) {
      objects.addAll(services(ctx));
      objects.add(statefulSet(ctx));
    }
    return objects;
  }
}
