package sh.kaito.operator.workspace;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.micrometer.core.instrument.Timer;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceStatus;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.common.LabelSelectors;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.config.OperatorSettings;
import sh.kaito.operator.events.EventRecorder;
import sh.kaito.operator.manifests.MachineManifests;
import sh.kaito.operator.manifests.WorkloadContext;
import sh.kaito.operator.manifests.WorkloadContextFactory;
import sh.kaito.operator.sizing.Sizing;
import sh.kaito.operator.sizing.SizingException;
import sh.kaito.operator.workspace.nodes.ByoNodeProvisioner;
import sh.kaito.operator.workspace.nodes.MachineNodeProvisioner;
import sh.kaito.operator.workspace.nodes.NodeProvisioner;
import sh.kaito.operator.workspace.status.NodeReadiness;
import sh.kaito.operator.workspace.status.WorkloadObservation;
import sh.kaito.operator.workspace.status.WorkspaceStatusBuilder;
import sh.kaito.operator.workspace.workload.InferenceWorkload;
import sh.kaito.operator.workspace.workload.TuningWorkload;

/**
 * Reconciles Workspaces, as KAITO's Workspace controller does: record the revision, size once, get
 * the GPU nodes, then apply the inference or tuning workload, and compute the status. It
 * orchestrates only; each step is delegated. The status is patched only when it changed, so a
 * settled Workspace costs no API writes.
 */
@ControllerConfiguration(
    name = WorkspaceReconciler.NAME,
    finalizerName = KaitoApi.WORKSPACE_FINALIZER)
public class WorkspaceReconciler implements Reconciler<Workspace>, Cleaner<Workspace> {
  public static final String NAME = "workspace";
  private static final Logger LOG = Logger.getLogger(WorkspaceReconciler.class);
  private static final Duration RELEASE_POLL = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final ModelCatalog models;
  private final WorkspaceRevisions revisions;
  private final TargetNodeCounts sizes;
  private final WorkloadContexts contexts;
  private final InferenceWorkload inference;
  private final TuningWorkload tuning;
  private final WorkspaceEvents conditionEvents;
  private final EventRecorder events;
  private final WorkspaceMetrics metrics;
  private final Clock clock;
  private volatile InformerEventSource<Node, Workspace> nodeSource;
  private volatile InformerEventSource<Pod, Workspace> podSource;

  public WorkspaceReconciler(
      KubernetesClient client,
      OperatorSettings settings,
      ModelCatalog models,
      WorkspaceRevisions revisions,
      TargetNodeCounts sizes,
      WorkloadContexts contexts,
      InferenceWorkload inference,
      TuningWorkload tuning,
      WorkspaceEvents conditionEvents,
      EventRecorder events,
      WorkspaceMetrics metrics,
      Clock clock) {
    this.client = client;
    this.settings = settings;
    this.models = models;
    this.revisions = revisions;
    this.sizes = sizes;
    this.contexts = contexts;
    this.inference = inference;
    this.tuning = tuning;
    this.conditionEvents = conditionEvents;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Workspace> reconcile(Workspace ws, Context<Workspace> context) {
    Timer.Sample sample = metrics.startReconcile();
    boolean failed = true;
    try {
      UpdateControl<Workspace> control = reconcileSteps(ws, context);
      failed = false;
      return control;
    } finally {
      metrics.endReconcile(sample, NAME, failed);
      metrics.refreshPresets();
    }
  }

  private UpdateControl<Workspace> reconcileSteps(Workspace ws, Context<Workspace> context) {
    ClusterView cluster = clusterView();
    String revision = revisions.sync(ws, context.getSecondaryResources(ControllerRevision.class));
    Sizing sizing;
    try {
      sizing = sizes.size(ws, cluster);
    } catch (SizingException e) {
      NodeReadiness unsized =
          NodeReadiness.failed(List.of(), "NodeEstimationFailed", e.getMessage());
      return statusUpdate(
          ws,
          WorkspaceStatusBuilder.compute(
              ws, null, unsized, WorkloadObservation.none(), null, clock.instant()));
    }
    NodeProvisioner provisioner = provisioner(ws, context, cluster);
    NodeReadiness nodes = provisioner.ensure(ws, sizing.targetNodeCount());
    if (nodes.ready()) {
      WorkloadContext workload = contexts.of(ws, sizing, revision, cluster);
      if (ws.getTuning() != null) {
        tuning.apply(workload, context, WorkloadContextFactory.tuningOutputDir(ws, cluster));
      } else if (ws.getInference() != null) {
        inference.apply(workload, context);
      }
    }
    WorkloadObservation observed =
        ws.getTuning() != null ? tuning.observe(context) : inference.observe(context, podsOf(ws));
    WorkspaceStatus status =
        WorkspaceStatusBuilder.compute(
            ws, sizing.targetNodeCount(), nodes, observed, null, clock.instant());
    return statusUpdate(ws, status);
  }

  private UpdateControl<Workspace> statusUpdate(Workspace ws, WorkspaceStatus status) {
    if (Objects.equals(status, ws.getStatus())) {
      return UpdateControl.noUpdate();
    }
    conditionEvents.onChange(ws, ws.getStatus(), status);
    return UpdateControl.patchStatus(statusOnly(ws, status));
  }

  @Override
  public ErrorStatusUpdateControl<Workspace> updateErrorStatus(
      Workspace ws, Context<Workspace> context, Exception e) {
    LOG.warnf(
        e,
        "reconcile of Workspace %s/%s failed",
        ws.getMetadata().getNamespace(),
        ws.getMetadata().getName());
    WorkspaceStatus old = ws.getStatus();
    if (old == null || old.conditions() == null) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    var conditions = old.conditions();
    var updated = new ArrayList<io.fabric8.kubernetes.api.model.Condition>();
    for (var c : conditions) {
      String message = c.getMessage() == null ? "" : c.getMessage();
      int cut = message.indexOf(" (last reconcile error: ");
      String base = cut < 0 ? message : message.substring(0, cut);
      var copy =
          new io.fabric8.kubernetes.api.model.ConditionBuilder(c)
              .withMessage(base + " (last reconcile error: " + error + ")")
              .build();
      updated.add(copy);
    }
    WorkspaceStatus status =
        new WorkspaceStatus(
            old.workerNodes(), old.state(), updated, old.targetNodeCount(), old.performance());
    if (status.equals(old)) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    return ErrorStatusUpdateControl.patchStatus(statusOnly(ws, status));
  }

  @Override
  public DeleteControl cleanup(Workspace ws, Context<Workspace> context) {
    WorkspaceStatus deleting = WorkspaceStatusBuilder.deleting(ws, clock.instant());
    if (!Objects.equals(deleting, ws.getStatus())) {
      client.resource(statusOnly(ws, deleting)).patchStatus();
    }
    NodeProvisioner provisioner = provisioner(ws, context, clusterView());
    if (!provisioner.release(ws)) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RELEASE_POLL.toMillis());
    }
    removeLegacyFinalizer(ws);
    events.normal(ws, "WorkspaceDeleted", "nodes released; owned objects are garbage-collected");
    return DeleteControl.defaultDelete();
  }

  /** KAITO's finalizer would keep a taken-over Workspace from ever going away. */
  private void removeLegacyFinalizer(Workspace ws) {
    List<String> finalizers = ws.getMetadata().getFinalizers();
    if (finalizers == null || !finalizers.contains(KaitoApi.LEGACY_WORKSPACE_FINALIZER)) {
      return;
    }
    client
        .resources(Workspace.class)
        .inNamespace(ws.getMetadata().getNamespace())
        .withName(ws.getMetadata().getName())
        .edit(
            current -> {
              current.getMetadata().getFinalizers().remove(KaitoApi.LEGACY_WORKSPACE_FINALIZER);
              return current;
            });
  }

  private NodeProvisioner provisioner(
      Workspace ws, Context<Workspace> context, ClusterView cluster) {
    if (settings.mode() == ProvisioningMode.BYO) {
      return new ByoNodeProvisioner(cluster);
    }
    return new MachineNodeProvisioner(
        new KubernetesMachines(client, context, events, ws),
        cluster,
        (workspace, ordinal) ->
            MachineManifests.desired(
                workspace,
                workspace.getMetadata().getUid(),
                ordinal,
                models,
                settings.defaultImageFamily()));
  }

  /** The Workspace's pods, from the pod informer's cache. */
  private List<Pod> podsOf(Workspace ws) {
    InformerEventSource<Pod, Workspace> pods = podSource;
    if (pods == null) {
      return List.of();
    }
    String name = ws.getMetadata().getName();
    return pods.list(
            ws.getMetadata().getNamespace(),
            p ->
                p.getMetadata().getLabels() != null
                    && name.equals(p.getMetadata().getLabels().get(KaitoApi.LABEL_WORKSPACE)))
        .toList();
  }

  private ClusterView clusterView() {
    InformerEventSource<Node, Workspace> nodes = nodeSource;
    return new ClusterView(() -> nodes == null ? List.<Node>of() : nodes.list().toList(), client);
  }

  /** A Workspace carrying only what a status patch needs. */
  static Workspace statusOnly(Workspace ws, WorkspaceStatus status) {
    Workspace patch = new Workspace();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(ws.getMetadata().getName())
            .withNamespace(ws.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  @Override
  public List<EventSource<?, Workspace>> prepareEventSources(
      EventSourceContext<Workspace> context) {
    metrics.observe(() -> context.getPrimaryCache().list().toList());
    List<EventSource<?, Workspace>> sources = new ArrayList<>();
    for (Class<? extends HasMetadata> owned :
        List.of(StatefulSet.class, Service.class, Job.class, ConfigMap.class)) {
      sources.add(ownedSource(owned, KaitoApi.LABEL_WORKSPACE, context));
    }
    sources.add(
        ownedSource(ControllerRevision.class, KaitoApi.LABEL_REVISION_WORKSPACE_NAME, context));
    InformerEventSource<Pod, Workspace> pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, Workspace.class)
                .withLabelSelector(KaitoApi.LABEL_WORKSPACE)
                .withSecondaryToPrimaryMapper(
                    (Pod pod) ->
                        Set.of(
                            new ResourceID(
                                pod.getMetadata().getLabels().get(KaitoApi.LABEL_WORKSPACE),
                                pod.getMetadata().getNamespace())))
                .withPrimaryToSecondaryMapper((Workspace ws) -> Set.<ResourceID>of())
                .build(),
            context);
    podSource = pods;
    sources.add(pods);
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Machine.class, Workspace.class)
                .withLabelSelector(KaitoApi.LABEL_WORKSPACE)
                .withSecondaryToPrimaryMapper(
                    (Machine m) ->
                        Set.of(
                            new ResourceID(
                                m.getMetadata().getLabels().get(KaitoApi.LABEL_WORKSPACE),
                                m.getMetadata()
                                    .getLabels()
                                    .get(KaitoApi.LABEL_WORKSPACE_NAMESPACE))))
                .build(),
            context));
    InformerEventSource<Node, Workspace> nodes =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Node.class, Workspace.class)
                .withSecondaryToPrimaryMapper(nodeToWorkspaces(context))
                .build(),
            context);
    nodeSource = nodes;
    sources.add(nodes);
    return sources;
  }

  private static <R extends HasMetadata> InformerEventSource<R, Workspace> ownedSource(
      Class<R> type, String label, EventSourceContext<Workspace> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, Workspace.class)
            .withLabelSelector(label)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Workspace.class))
            .build(),
        context);
  }

  /** A Node concerns the Workspaces it belongs to (machine labels) or whose selector it matches. */
  private static SecondaryToPrimaryMapper<Node> nodeToWorkspaces(
      EventSourceContext<Workspace> context) {
    return node -> {
      Map<String, String> labels =
          node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
      Set<ResourceID> ids = new HashSet<>();
      String owner = labels.get(KaitoApi.LABEL_WORKSPACE);
      if (owner != null) {
        ids.add(new ResourceID(owner, labels.get(KaitoApi.LABEL_WORKSPACE_NAMESPACE)));
      }
      Collection<Workspace> all = context.getPrimaryCache().list().toList();
      for (Workspace ws : all) {
        if (ws.getResource() == null) {
          continue;
        }
        Map<String, String> selector =
            LabelSelectors.sanitizedMatchLabels(ws.getResource().labelSelector());
        if (!selector.isEmpty()
            && selector.entrySet().stream()
                .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()))) {
          ids.add(ResourceID.fromResource(ws));
        }
      }
      return ids;
    };
  }
}
