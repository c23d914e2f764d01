package sh.kaito.operator.cloud.simulated;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineSpec;
import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.GpuInstanceType;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.cloud.CloudProvider;
import sh.kaito.operator.cloud.CloudResource;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.cloud.CloudResult.State;
import sh.kaito.operator.sizing.GpuFeatureLabels;

/**
 * A cloud that creates the Node object itself, like Karpenter's kwok provider: for local clusters,
 * demos and tests. {@link #ensure} creates, once {@code nodeDelay} has passed since the Machine's
 * creationTimestamp, a Node named after the Machine with the instance type's GPUs ({@code
 * nvidia.com/gpu} capacity and allocatable, GPU Feature Discovery labels), the Machine's labels and
 * taints, the labels AKS would set, a providerID {@code kaito-simulated:///<machine>}, the
 * annotation {@code kwok.x-k8s.io/node: fake} (so a kwok controller keeps it Ready on a real API
 * server) and a Ready status written through the status subresource. Before the delay it reports
 * {@code CREATING} with the rest of the delay, without waiting. Instance types that the catalog
 * does not know fail for good ({@code SkuNotAvailable}), as a cloud would refuse them.
 *
 * <p>CPU, memory and pods of the simulated node are nominal figures (8 CPUs and 64Gi per GPU, 110
 * pods); the OS disk is the Machine's {@code spec.storage}.
 */
public final class SimulatedCloudProvider implements CloudProvider {
  public static final String NAME = "simulated";
  public static final String PROVIDER_ID_PREFIX = "kaito-simulated:///";
  public static final String LABEL_MACHINE = "kaito.sh/machine";
  public static final String LABEL_AGENTPOOL = "kubernetes.azure.com/agentpool";
  public static final String ANNOTATION_KWOK = "kwok.x-k8s.io/node";
  public static final String GPU_RESOURCE = "nvidia.com/gpu";

  private static final Logger LOG = Logger.getLogger(SimulatedCloudProvider.class);
  private static final Duration DELETE_POLL = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final InstanceTypeCatalog instanceTypes;
  private final Clock clock;
  private final Duration nodeDelay;

  public SimulatedCloudProvider(
      KubernetesClient client, InstanceTypeCatalog instanceTypes, Clock clock, Duration nodeDelay) {
    this.client = client;
    this.instanceTypes = instanceTypes;
    this.clock = clock;
    this.nodeDelay = nodeDelay;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CloudResult ensure(Machine machine) {
    String name = machine.getMetadata().getName();
    MachineSpec spec = machine.getSpec();
    String instanceType = spec == null ? null : spec.instanceType();
    Optional<GpuInstanceType> type = instanceTypes.find(instanceType);
    if (type.isEmpty()) {
      return result(
          State.FAILED_TERMINAL,
          name,
          null,
          "SkuNotAvailable",
          "The requested VM size "
              + instanceType
              + " is not available in the simulated cloud: it offers the instance types of the"
              + " catalog only.",
          null);
    }
    try {
      Node node = client.nodes().withName(name).get();
      if (node == null) {
        Instant due = createdAt(machine).plus(nodeDelay);
        Instant now = clock.instant();
        if (now.isBefore(due)) {
          return result(
              State.CREATING,
              name,
              "Creating",
              null,
              "simulated node " + name + " boots at " + due,
              Duration.between(now, due));
        }
        node = client.nodes().resource(desiredNode(machine, type.get())).create();
        LOG.infof("simulated node %s created (%s)", name, instanceType);
      } else if (!ours(node, name)) {
        return result(
            State.FAILED_RETRYABLE,
            name,
            null,
            "NodeNameTaken",
            "a Node named " + name + " exists that the simulated cloud did not create",
            DELETE_POLL.multipliedBy(30));
      } else if (node.getMetadata().getDeletionTimestamp() != null) {
        return result(
            State.CREATING,
            name,
            "Deleting",
            null,
            "simulated node " + name + " is being deleted; it is created again once gone",
            DELETE_POLL);
      }
      if (!isReady(node)) {
        NodeStatus status = desiredStatus(machine, type.get());
        client
            .nodes()
            .withName(name)
            .editStatus(n -> new NodeBuilder(n).withStatus(status).build());
      }
      return new CloudResult(
          State.READY,
          name,
          "Succeeded",
          Map.of(LABEL_AGENTPOOL, name),
          null,
          "simulated node " + name + " is ready",
          null);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        // Created meanwhile (e.g. by an earlier attempt whose answer was lost): look again.
        return result(State.CREATING, name, "Creating", null, e.getMessage(), DELETE_POLL);
      }
      return result(
          State.FAILED_RETRYABLE,
          name,
          null,
          "KubernetesApiError",
          "cannot create the simulated node " + name + ": " + e.getMessage(),
          DELETE_POLL.multipliedBy(10));
    }
  }

  @Override
  public CloudResult delete(Machine machine) {
    return delete(machine.getMetadata().getName());
  }

  @Override
  public CloudResult delete(String name) {
    try {
      Node node = client.nodes().withName(name).get();
      if (node == null || !ours(node, name)) {
        return result(State.GONE, name, null, null, "simulated node " + name + " is gone", null);
      }
      if (node.getMetadata().getDeletionTimestamp() == null) {
        client.nodes().withName(name).delete();
      }
      if (client.nodes().withName(name).get() == null) {
        return result(State.GONE, name, null, null, "simulated node " + name + " is gone", null);
      }
      return result(
          State.DELETING,
          name,
          "Deleting",
          null,
          "simulated node " + name + " is being deleted",
          DELETE_POLL);
    } catch (KubernetesClientException e) {
      return result(
          State.FAILED_RETRYABLE,
          name,
          null,
          "KubernetesApiError",
          "cannot delete the simulated node " + name + ": " + e.getMessage(),
          DELETE_POLL.multipliedBy(10));
    }
  }

  @Override
  public List<CloudResource> list() {
    List<CloudResource> resources = new ArrayList<>();
    for (Node node : client.nodes().withLabel(LABEL_MACHINE).list().getItems()) {
      String machine = node.getMetadata().getLabels().get(LABEL_MACHINE);
      if (!ours(node, machine)) {
        continue;
      }
      resources.add(
          new CloudResource(
              machine,
              Map.copyOf(node.getMetadata().getLabels()),
              node.getMetadata().getDeletionTimestamp() != null ? "Deleting" : "Succeeded",
              parse(node.getMetadata().getCreationTimestamp())));
    }
    return resources;
  }

  /** The Node the simulated cloud creates for a Machine (without status: the API drops it). */
  Node desiredNode(Machine machine, GpuInstanceType type) {
    String name = machine.getMetadata().getName();
    MachineSpec spec = machine.getSpec();
    Map<String, String> labels = new TreeMap<>();
    if (spec.labels() != null) {
      labels.putAll(spec.labels());
    }
    labels.putAll(gpuLabels(type));
    labels.put("node.kubernetes.io/instance-type", type.name());
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/hostname", name);
    labels.put("agentpool", name);
    labels.put(LABEL_AGENTPOOL, name);
    labels.put(LABEL_MACHINE, name);

    List<Taint> taints = new ArrayList<>();
    if (spec.taints() != null) {
      for (Taint t : spec.taints()) {
        taints.add(
            new TaintBuilder()
                .withKey(t.getKey())
                .withValue(t.getValue())
                .withEffect(t.getEffect())
                .build());
      }
    }
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .withAnnotations(Map.of(ANNOTATION_KWOK, "fake"))
        .endMetadata()
        .withNewSpec()
        .withProviderID(PROVIDER_ID_PREFIX + name)
        .withTaints(taints)
        .endSpec()
        .build();
  }

  /** Ready, with the instance type's GPUs as capacity and allocatable. */
  NodeStatus desiredStatus(Machine machine, GpuInstanceType type) {
    int gpus = Math.max(type.gpuCount(), 0);
    int scale = Math.max(gpus, 1);
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(Integer.toString(8 * scale)));
    capacity.put("memory", new Quantity((64 * scale) + "Gi"));
    capacity.put("pods", new Quantity("110"));
    String storage = machine.getSpec().storage();
    if (storage != null) {
      capacity.put("ephemeral-storage", new Quantity(storage));
    }
    capacity.put(GPU_RESOURCE, new Quantity(Integer.toString(gpus)));
    String now = clock.instant().toString();
    NodeCondition ready =
        new NodeConditionBuilder()
            .withType("Ready")
            .withStatus("True")
            .withReason("KubeletReady")
            .withMessage("kubelet is posting ready status (simulated)")
            .withLastHeartbeatTime(now)
            .withLastTransitionTime(now)
            .build();
    return new NodeStatusBuilder()
        .withCapacity(capacity)
        .withAllocatable(new LinkedHashMap<>(capacity))
        .withConditions(ready)
        .withNewNodeInfo()
        .withArchitecture("amd64")
        .withOperatingSystem("linux")
        .withKubeletVersion("v1.33.0-simulated")
        .withContainerRuntimeVersion("simulated://1.0")
        .withOsImage("simulated")
        .withKernelVersion("simulated")
        .withKubeProxyVersion("")
        .withMachineID(machine.getMetadata().getName())
        .withSystemUUID(machine.getMetadata().getName())
        .withBootID(machine.getMetadata().getName())
        .endNodeInfo()
        .build();
  }

  /** GPU Feature Discovery labels for the instance type's GPUs (none for a GPU-less type). */
  static Map<String, String> gpuLabels(GpuInstanceType type) {
    Map<String, String> labels = new TreeMap<>();
    if (type.gpuCount() <= 0) {
      return labels;
    }
    GpuConfig gpu = type.gpuConfig();
    labels.put(GpuFeatureLabels.PRODUCT, labelValue(gpu.product()));
    labels.put(GpuFeatureLabels.COUNT, Integer.toString(gpu.gpuCount()));
    labels.put(GpuFeatureLabels.MEMORY, Long.toString(gpu.memoryPerGpuBytes() / ByteQuantity.MI));
    BigDecimal cc = gpu.computeCapability();
    if (cc != null) {
      String[] parts = cc.toPlainString().split("\\.");
      labels.put(GpuFeatureLabels.CC_MAJOR, parts[0]);
      labels.put(GpuFeatureLabels.CC_MINOR, parts.length > 1 ? parts[1] : "0");
    }
    return labels;
  }

  /** A valid label value: other characters become '-', at most 63, alphanumeric at both ends. */
  static String labelValue(String text) {
    String value = text == null ? "" : text.trim().replaceAll("[^A-Za-z0-9_.-]", "-");
    if (value.length() > 63) {
      value = value.substring(0, 63);
    }
    return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }

  private static boolean ours(Node node, String machine) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return machine != null
        && labels != null
        && machine.equals(labels.get(LABEL_MACHINE))
        && node.getSpec() != null
        && (PROVIDER_ID_PREFIX + machine).equals(node.getSpec().getProviderID());
  }

  private static boolean isReady(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        && node.getStatus().getAllocatable() != null
        && node.getStatus().getAllocatable().containsKey(GPU_RESOURCE);
  }

  private static Instant createdAt(Machine machine) {
    Instant created = parse(machine.getMetadata().getCreationTimestamp());
    return created == null ? Instant.EPOCH : created;
  }

  private static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static CloudResult result(
      State state,
      String name,
      String provisioningState,
      String code,
      String message,
      Duration retryAfter) {
    return new CloudResult(state, name, provisioningState, Map.of(), code, message, retryAfter);
  }
}
