package sh.kaito.operator.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;

/**
 * Small fake controllers that stand in for what the mock API server lacks: the StatefulSet
 * controller and kubelet (replicas become ready, or a pod fails to pull its image), the Job
 * controller (the Job completes) and the garbage collector (objects owned by a deleted Workspace
 * go). GPU nodes come from the operator's own Machine controller with the simulated cloud provider.
 * Each fake reacts to watch events on its own thread, as a controller would.
 */
public final class FakeCluster implements AutoCloseable {
  /** How the fake kubelet treats inference pods. */
  public enum PodBehaviour {
    READY,
    IMAGE_PULL_ERROR
  }

  private final KubernetesClient client;
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final List<Watch> watches = new ArrayList<>();
  private final AtomicReference<PodBehaviour> pods = new AtomicReference<>(PodBehaviour.READY);
  private volatile boolean completeJobs = true;

  public FakeCluster(KubernetesClient client) {
    this.client = client;
  }

  public FakeCluster start() {
    watches.add(client.apps().statefulSets().inAnyNamespace().watch(handler(this::onStatefulSet)));
    watches.add(client.batch().v1().jobs().inAnyNamespace().watch(handler(this::onJob)));
    watches.add(client.resources(Workspace.class).inAnyNamespace().watch(deletions()));
    return this;
  }

  public void podBehaviour(PodBehaviour behaviour) {
    pods.set(behaviour);
  }

  public void completeJobs(boolean complete) {
    this.completeJobs = complete;
  }

  private <T extends HasMetadata> Watcher<T> handler(java.util.function.Consumer<T> onChange) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        if (action == Action.ADDED || action == Action.MODIFIED) {
          worker.submit(() -> quietly(() -> onChange.accept(resource)));
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private Watcher<Workspace> deletions() {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Workspace ws) {
        if (action == Action.DELETED) {
          worker.submit(() -> quietly(() -> collectGarbage(ws)));
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  /** The StatefulSet controller and kubelet: replicas get ready, or the pod cannot pull. */
  private void onStatefulSet(StatefulSet sts) {
    int replicas = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    String ns = sts.getMetadata().getNamespace();
    String workspace =
        sts.getMetadata().getLabels() == null
            ? null
            : sts.getMetadata().getLabels().get(KaitoApi.LABEL_WORKSPACE);
    if (pods.get() == PodBehaviour.IMAGE_PULL_ERROR) {
      Pod pod =
          new PodBuilder()
              .withNewMetadata()
              .withName(sts.getMetadata().getName() + "-0")
              .withNamespace(ns)
              .withLabels(Map.of(KaitoApi.LABEL_WORKSPACE, workspace))
              .endMetadata()
              .withNewStatus()
              .withPhase("Pending")
              .addNewContainerStatus()
              .withName(sts.getMetadata().getName())
              .withNewState()
              .withNewWaiting()
              .withReason("ImagePullBackOff")
              .withMessage(
                  "Back-off pulling image \"mcr.microsoft.com/aks/kaito/kaito-base:0.5.0\"")
              .endWaiting()
              .endState()
              .endContainerStatus()
              .endStatus()
              .build();
      // Like the API server, the mock drops status on create: write it through the subresource.
      var status = pod.getStatus();
      Pod created = client.resource(pod).createOr(p -> p.update());
      created.setStatus(status);
      client.resource(created).patchStatus();
      return;
    }
    if (sts.getStatus() != null
        && Integer.valueOf(replicas).equals(sts.getStatus().getReadyReplicas())) {
      return;
    }
    sts.setStatus(
        new StatefulSetStatusBuilder()
            .withReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .build());
    client.resource(sts).patchStatus();
  }

  /** The Job controller: the tuning Job's pod runs and completes. */
  private void onJob(Job job) {
    if (!completeJobs
        || (job.getStatus() != null
            && job.getStatus().getSucceeded() != null
            && job.getStatus().getSucceeded() > 0)) {
      return;
    }
    job.setStatus(
        new JobStatusBuilder()
            .withSucceeded(1)
            .withActive(0)
            .withConditions(
                new JobConditionBuilder().withType("Complete").withStatus("True").build())
            .build());
    client.resource(job).patchStatus();
  }

  /** The garbage collector: objects whose owner Workspace is gone are deleted. */
  private void collectGarbage(Workspace ws) {
    String uid = ws.getMetadata().getUid();
    for (var list :
        List.<List<? extends HasMetadata>>of(
            client.apps().statefulSets().inAnyNamespace().list().getItems(),
            client.services().inAnyNamespace().list().getItems(),
            client.batch().v1().jobs().inAnyNamespace().list().getItems(),
            client.configMaps().inAnyNamespace().list().getItems(),
            client.apps().controllerRevisions().inAnyNamespace().list().getItems(),
            client.pods().inAnyNamespace().list().getItems())) {
      for (HasMetadata object : list) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        if (owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()))) {
          client.resource(object).delete();
        }
      }
    }
  }

  private static void quietly(Runnable action) {
    try {
      action.run();
    } catch (KubernetesClientException e) {
      // The object changed or went away meanwhile; the next event retries.
    } catch (RuntimeException e) {
      org.jboss.logging.Logger.getLogger(FakeCluster.class).error("fake controller failed", e);
    }
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
    worker.shutdownNow();
  }
}
