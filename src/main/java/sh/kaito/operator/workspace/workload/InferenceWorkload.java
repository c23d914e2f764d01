package sh.kaito.operator.workspace.workload;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.events.EventRecorder;
import sh.kaito.operator.manifests.InferenceUpdates;
import sh.kaito.operator.manifests.WorkloadContext;
import sh.kaito.operator.manifests.WorkloadManifests;
import sh.kaito.operator.workspace.status.PodFailures;
import sh.kaito.operator.workspace.status.WorkloadObservation;

/**
 * The inference workload with KAITO's update rules: Services are created once and never updated;
 * the StatefulSet is created, and on a revision change only its env, volume mounts, init containers
 * and volumes are updated (image, command and resources stay); a custom-template StatefulSet is
 * never updated. Nothing is written when the revision did not change.
 */
@ApplicationScoped
public class InferenceWorkload {
  private final KubernetesClient client;
  private final EventRecorder events;

  public InferenceWorkload(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  public void apply(WorkloadContext ctx, Context<Workspace> context) {
    Workspace ws = ctx.ws();
    Set<Service> services = context.getSecondaryResources(Service.class);
    for (Service desired : WorkloadManifests.services(ctx)) {
      boolean present =
          services.stream()
              .anyMatch(s -> s.getMetadata().getName().equals(desired.getMetadata().getName()));
      if (!present) {
        Creates.create(client, desired);
      }
    }
    StatefulSet desired = WorkloadManifests.statefulSet(ctx);
    Optional<StatefulSet> existing = context.getSecondaryResource(StatefulSet.class);
    if (existing.isEmpty()) {
      if (Creates.create(client, desired)) {
        events.normal(
            ws,
            "WorkloadCreated",
            "StatefulSet "
                + desired.getMetadata().getName()
                + " created with "
                + ctx.nodeCount()
                + " replica(s)");
      }
      return;
    }
    if (ws.getInference().template() != null
        || !InferenceUpdates.revisionChanged(existing.get(), ctx.revision())) {
      return;
    }
    try {
      client.resource(InferenceUpdates.applyRevision(existing.get(), desired)).update();
      events.normal(
          ws,
          "WorkloadUpdated",
          "StatefulSet "
              + desired.getMetadata().getName()
              + " updated to revision "
              + ctx.revision());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // A stale cache: the next event brings the current StatefulSet and the update is retried.
    }
  }

  /**
   * @param pods the Workspace's pods, to explain why replicas are not ready
   */
  public WorkloadObservation observe(Context<Workspace> context, List<Pod> pods) {
    Optional<StatefulSet> sts = context.getSecondaryResource(StatefulSet.class);
    if (sts.isEmpty()) {
      return WorkloadObservation.none();
    }
    int replicas =
        sts.get().getSpec().getReplicas() == null ? 1 : sts.get().getSpec().getReplicas();
    Integer ready = sts.get().getStatus() == null ? null : sts.get().getStatus().getReadyReplicas();
    int readyReplicas = ready == null ? 0 : ready;
    if (readyReplicas >= replicas) {
      return WorkloadObservation.inference(replicas, readyReplicas, Optional.empty());
    }
    return WorkloadObservation.inference(replicas, readyReplicas, PodFailures.classify(pods));
  }
}
