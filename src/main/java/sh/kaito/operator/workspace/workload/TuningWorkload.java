package sh.kaito.operator.workspace.workload;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.events.EventRecorder;
import sh.kaito.operator.manifests.WorkloadContext;
import sh.kaito.operator.manifests.WorkloadManifests;
import sh.kaito.operator.workspace.status.WorkloadObservation;

/**
 * The fine-tuning workload with KAITO's rules: the training ConfigMap (the operator's default for
 * the method and GPU, unless the user gave one) and the Job, created once; when the Workspace's
 * revision changes, the Job is deleted (foreground) and created again for the new spec.
 */
@ApplicationScoped
public class TuningWorkload {
  private final KubernetesClient client;
  private final EventRecorder events;

  public TuningWorkload(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  /**
   * @param userConfig reads the user's ConfigMap (namespace, name), empty when absent
   */
  /**
   * @param outputDir where the trainer writes the adapter ({@link
   *     sh.kaito.operator.manifests.WorkloadContextFactory#tuningOutputDir})
   */
  public void apply(WorkloadContext ctx, Context<Workspace> context, String outputDir) {
    Workspace ws = ctx.ws();
    ConfigMap defaults = WorkloadManifests.trainingConfigMap(ctx);
    if (defaults != null) {
      boolean present =
          context.getSecondaryResources(ConfigMap.class).stream()
              .anyMatch(c -> c.getMetadata().getName().equals(defaults.getMetadata().getName()));
      if (!present) {
        Creates.create(client, defaults);
      }
    }
    Job desired = WorkloadManifests.job(ctx, outputDir);
    Optional<Job> existing = context.getSecondaryResource(Job.class);
    if (existing.isEmpty()) {
      if (Creates.create(client, desired)) {
        events.normal(
            ws, "WorkloadCreated", "tuning Job " + desired.getMetadata().getName() + " created");
      }
      return;
    }
    Job job = existing.get();
    if (job.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    Map<String, String> annotations = job.getMetadata().getAnnotations();
    String recorded =
        annotations == null ? null : annotations.get(KaitoApi.ANNOTATION_WORKSPACE_REVISION);
    if (!ctx.revision().equals(recorded)) {
      client
          .resource(job)
          .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND)
          .delete();
      events.normal(
          ws,
          "WorkloadRecreated",
          "the Workspace changed (revision "
              + ctx.revision()
              + "): tuning Job deleted, a new one follows");
    }
  }

  public WorkloadObservation observe(Context<Workspace> context) {
    Optional<Job> job = context.getSecondaryResource(Job.class);
    if (job.isEmpty() || job.get().getStatus() == null) {
      return job.isEmpty()
          ? WorkloadObservation.none()
          : WorkloadObservation.job(0, 0, false, false);
    }
    var s = job.get().getStatus();
    List<JobCondition> conditions = s.getConditions() == null ? List.of() : s.getConditions();
    boolean failed = has(conditions, "Failed");
    boolean complete =
        has(conditions, "Complete")
            || (s.getSucceeded() != null && s.getSucceeded() > 0 && !failed);
    return WorkloadObservation.job(
        s.getActive() == null ? 0 : s.getActive(),
        s.getReady() == null ? 0 : s.getReady(),
        failed,
        complete);
  }

  private static boolean has(List<JobCondition> conditions, String type) {
    return conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
