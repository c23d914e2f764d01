package sh.kaito.operator.machine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.Timer;

import sh.kaito.operator.api.machine.CloudResourceStatus;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineConditions;
import sh.kaito.operator.api.machine.MachineStatus;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.cloud.CloudProvider;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.cloud.NoCloudProvider;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.config.KaitoConfig;
import sh.kaito.operator.events.EventRecorder;
import sh.kaito.operator.manifests.MachineManifests;

/**
 * Reconciles Machines: asks the cloud for the node (never waiting on it), finds the Node that
 * joins, gives it the Machine's labels and taints, and reports Karpenter's lifecycle in the status.
 * On delete, the Node and the cloud resource go, and the finalizer stays until the cloud confirms.
 */
@ControllerConfiguration(name = MachineReconciler.NAME, finalizerName = MachineReconciler.FINALIZER)
public class MachineReconciler implements Reconciler<Machine>, Cleaner<Machine> {
  public static final String NAME = "machine";
  public static final String FINALIZER = "machine.kaito.sh/finalizer";
  private static final Duration DELETE_POLL = Duration.ofSeconds(5);
  private static final Duration TERMINAL_RECHECK = Duration.ofMinutes(5);

  private final CloudProvider cloud;
  private final KubernetesClient client;
  private final InstanceTypeCatalog instanceTypes;
  private final MachineMetrics metrics;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration pollInterval;
  private volatile Supplier<List<Node>> nodes = List::of;

  @Inject
  public MachineReconciler(
      CloudProvider cloud,
      KubernetesClient client,
      InstanceTypeCatalog instanceTypes,
      MachineMetrics metrics,
      EventRecorder events,
      Clock clock,
      KaitoConfig config) {
    this(cloud, client, instanceTypes, metrics, events, clock, config.machine().pollInterval());
  }

  MachineReconciler(
      CloudProvider cloud,
      KubernetesClient client,
      InstanceTypeCatalog instanceTypes,
      MachineMetrics metrics,
      EventRecorder events,
      Clock clock,
      Duration pollInterval) {
    this.cloud = cloud;
    this.client = client;
    this.instanceTypes = instanceTypes;
    this.metrics = metrics;
    this.events = events;
    this.clock = clock;
    this.pollInterval = pollInterval;
  }

  /** Where Nodes are read from: the informer cache in the operator, a plain list in tests. */
  void readNodesFrom(Supplier<List<Node>> source) {
    this.nodes = source;
  }

  @Override
  public UpdateControl<Machine> reconcile(Machine machine, Context<Machine> context) {
    Timer.Sample sample = metrics.start();
    boolean failed = true;
    try {
      UpdateControl<Machine> control = reconcileSteps(machine);
      failed = false;
      return control;
    } finally {
      metrics.reconciled(sample, failed);
    }
  }

  private UpdateControl<Machine> reconcileSteps(Machine machine) {
    String owner = foreignProvider(machine);
    CloudResult result;
    if (owner != null) {
      result = providerMismatch(machine, owner);
    } else {
      result = cloud.ensure(machine);
      metrics.cloudCall(cloud.name(), "ensure", result);
    }
    List<Node> nodes =
        result.state() == CloudResult.State.READY ? nodesOf(machine, result) : List.of();
    if (nodes.size() == 1) {
      adopt(machine, nodes.get(0));
    }
    Instant now = clock.instant();
    MachineStatus status =
        MachineStatusBuilder.compute(
            machine,
            owner != null ? owner : cloud.name(),
            result,
            nodes,
            gpuExpected(machine),
            now);
    onTransitions(machine, machine.getStatus(), status, now);
    UpdateControl<Machine> control =
        Objects.equals(status, machine.getStatus())
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(statusOnly(machine, status));
    if (Conditions.isTrue(status.conditions(), MachineConditions.READY)) {
      return control;
    }
    Duration next =
        result.state() == CloudResult.State.FAILED_TERMINAL
            ? TERMINAL_RECHECK
            : result.retryAfter() != null ? result.retryAfter() : pollInterval;
    return control.rescheduleAfter(next);
  }

  @Override
  public DeleteControl cleanup(Machine machine, Context<Machine> context) {
    String owner = foreignProvider(machine);
    if (owner != null) {
      // Dropping the finalizer would leave the other provider's resource behind, unseen.
      events.warning(machine, "CloudDeleteFailed", providerMismatch(machine, owner).message());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(TERMINAL_RECHECK.toMillis());
    }
    for (Node node : nodesOf(machine, null)) {
      client.resource(node).delete();
    }
    CloudResult result = cloud.delete(machine);
    metrics.cloudCall(cloud.name(), "delete", result);
    if (result.state() == CloudResult.State.GONE) {
      events.normal(
          machine,
          "CloudResourceDeleted",
          "the cloud resource " + result.resourceName() + " is gone");
      return DeleteControl.defaultDelete();
    }
    if (result.failed()) {
      events.warning(machine, "CloudDeleteFailed", result.message());
    }
    Duration next = result.retryAfter() != null ? result.retryAfter() : DELETE_POLL;
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(next.toMillis());
  }

  /**
   * The provider recorded in the Machine's status when it is not the one this operator runs with
   * (the operator was reconfigured, e.g. from azure to none); null when they agree or none is
   * recorded. Such a Machine is left alone: this provider can neither see nor delete its resource.
   */
  private String foreignProvider(Machine machine) {
    CloudResourceStatus recorded =
        machine.getStatus() == null ? null : machine.getStatus().cloudResource();
    if (recorded == null
        || recorded.provider() == null
        || recorded.provider().isEmpty()
        || NoCloudProvider.NAME.equals(recorded.provider())) {
      return null; // "none" never made anything
    }
    return recorded.provider().equals(cloud.name()) ? null : recorded.provider();
  }

  private CloudResult providerMismatch(Machine machine, String owner) {
    CloudResourceStatus recorded = machine.getStatus().cloudResource();
    return new CloudResult(
        CloudResult.State.FAILED_TERMINAL,
        recorded.name(),
        recorded.provisioningState(),
        Map.of(),
        "ProviderMismatch",
        "Machine "
            + machine.getMetadata().getName()
            + " was provisioned by cloud provider "
            + owner
            + ", but the operator runs with kaito.cloud-provider="
            + cloud.name()
            + "; run it with "
            + owner
            + " again to manage or delete the resource "
            + recorded.name()
            + ", or delete that resource yourself and remove the Machine's finalizer",
        null);
  }

  /** The Machine's Node: by providerID once known, else by the labels the cloud gives its nodes. */
  private List<Node> nodesOf(Machine machine, CloudResult result) {
    List<Node> all = nodes.get();
    String providerId = machine.getStatus() == null ? null : machine.getStatus().providerId();
    String name = machine.getMetadata().getName();
    Map<String, String> cloudLabels =
        result == null ? Map.of() : result.nodeLabels() == null ? Map.of() : result.nodeLabels();
    List<Node> found = new ArrayList<>();
    for (Node node : all) {
      Map<String, String> labels =
          node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
      boolean byProviderId =
          providerId != null
              && node.getSpec() != null
              && providerId.equals(node.getSpec().getProviderID());
      boolean byLabel = name.equals(labels.get(MachineManifests.LABEL_MACHINE));
      boolean byCloudLabels =
          !cloudLabels.isEmpty()
              && cloudLabels.entrySet().stream()
                  .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
      if (byProviderId || byLabel || byCloudLabels) {
        found.add(node);
      }
    }
    return found;
  }

  /**
   * Gives the Node the Machine's labels and taints and an owner reference to the Machine (as
   * Karpenter does), so that deleting the Machine deletes the Node too. Writes only when something
   * is missing.
   */
  private void adopt(Machine machine, Node node) {
    Map<String, String> wanted =
        machine.getSpec().labels() == null ? Map.of() : machine.getSpec().labels();
    Map<String, String> have =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    boolean labelsMissing =
        wanted.entrySet().stream()
            .anyMatch(e -> !Objects.equals(have.get(e.getKey()), e.getValue()));
    List<Taint> wantedTaints =
        machine.getSpec().taints() == null ? List.of() : machine.getSpec().taints();
    List<Taint> haveTaints =
        node.getSpec() == null || node.getSpec().getTaints() == null
            ? List.of()
            : node.getSpec().getTaints();
    boolean taintsMissing =
        wantedTaints.stream().anyMatch(t -> haveTaints.stream().noneMatch(h -> sameTaint(h, t)));
    List<OwnerReference> owners =
        node.getMetadata().getOwnerReferences() == null
            ? List.of()
            : node.getMetadata().getOwnerReferences();
    boolean ownerMissing =
        owners.stream().noneMatch(o -> Objects.equals(o.getUid(), machine.getMetadata().getUid()));
    if (!labelsMissing && !taintsMissing && !ownerMissing) {
      return;
    }
    client
        .nodes()
        .withName(node.getMetadata().getName())
        .edit(
            current -> {
              Map<String, String> labels =
                  new HashMap<>(
                      current.getMetadata().getLabels() == null
                          ? Map.of()
                          : current.getMetadata().getLabels());
              labels.putAll(wanted);
              current.getMetadata().setLabels(labels);
              List<Taint> taints =
                  new ArrayList<>(
                      current.getSpec().getTaints() == null
                          ? List.of()
                          : current.getSpec().getTaints());
              for (Taint t : wantedTaints) {
                if (taints.stream().noneMatch(h -> sameTaint(h, t))) {
                  taints.add(t);
                }
              }
              current.getSpec().setTaints(taints);
              List<OwnerReference> refs =
                  new ArrayList<>(
                      current.getMetadata().getOwnerReferences() == null
                          ? List.of()
                          : current.getMetadata().getOwnerReferences());
              if (refs.stream()
                  .noneMatch(o -> Objects.equals(o.getUid(), machine.getMetadata().getUid()))) {
                refs.add(
                    new OwnerReferenceBuilder()
                        .withApiVersion(Machine.API_VERSION)
                        .withKind("Machine")
                        .withName(machine.getMetadata().getName())
                        .withUid(machine.getMetadata().getUid())
                        .withBlockOwnerDeletion(true)
                        .build());
              }
              current.getMetadata().setOwnerReferences(refs);
              return current;
            });
  }

  private static boolean sameTaint(Taint a, Taint b) {
    return Objects.equals(a.getKey(), b.getKey())
        && Objects.equals(a.getValue(), b.getValue())
        && Objects.equals(a.getEffect(), b.getEffect());
  }

  /**
   * GPU SKUs wait for allocatable GPUs before Initialized; Azure N-series outside the catalog too.
   */
  private boolean gpuExpected(Machine machine) {
    String type = machine.getSpec().instanceType();
    return instanceTypes
        .find(type)
        .map(t -> t.gpuCount() > 0)
        .orElse(type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("standard_n"));
  }

  private void onTransitions(
      Machine machine, MachineStatus before, MachineStatus after, Instant now) {
    var oldConditions = before == null ? null : before.conditions();
    boolean wasReady = Conditions.isTrue(oldConditions, MachineConditions.READY);
    boolean ready = Conditions.isTrue(after.conditions(), MachineConditions.READY);
    if (ready && !wasReady) {
      Instant created = Instant.parse(machine.getMetadata().getCreationTimestamp());
      metrics.provisioned(Duration.between(created, now));
      events.normal(machine, "Ready", "Node " + after.nodeName() + " is ready");
    }
    var launched = Conditions.find(after.conditions(), MachineConditions.LAUNCHED);
    var oldLaunched = Conditions.find(oldConditions, MachineConditions.LAUNCHED);
    if (launched.isPresent()
        && !Conditions.TRUE.equals(launched.get().getStatus())
        && !"Launching".equals(launched.get().getReason())
        && (oldLaunched.isEmpty()
            || !Objects.equals(oldLaunched.get().getReason(), launched.get().getReason()))) {
      events.warning(machine, launched.get().getReason(), launched.get().getMessage());
    }
  }

  private static Machine statusOnly(Machine machine, MachineStatus status) {
    Machine patch = new Machine();
    patch.setMetadata(new ObjectMetaBuilder().withName(machine.getMetadata().getName()).build());
    patch.setStatus(status);
    return patch;
  }

  @Override
  public List<EventSource<?, Machine>> prepareEventSources(EventSourceContext<Machine> context) {
    metrics.observe(() -> context.getPrimaryCache().list().toList());
    InformerEventSource<Node, Machine> nodes =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Node.class, Machine.class)
                .withLabelSelector(MachineManifests.LABEL_MACHINE)
                .withSecondaryToPrimaryMapper(
                    (Node node) ->
                        Set.of(
                            new ResourceID(
                                node.getMetadata()
                                    .getLabels()
                                    .get(MachineManifests.LABEL_MACHINE))))
                .build(),
            context);
    readNodesFrom(() -> nodes.list().toList());
    return List.of(nodes);
  }
}
