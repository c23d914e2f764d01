package sh.kaito.operator.machine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;

import sh.kaito.operator.api.machine.CloudResourceStatus;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineConditions;
import sh.kaito.operator.api.machine.MachineStatus;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.common.Conditions;

/**
 * Computes a Machine's status from the cloud's answer and the Node, with Karpenter's conditions:
 * Launched (the cloud made the resource), Registered (its Node joined), Initialized (the Node is
 * Ready, without startup taints, with its GPUs allocatable), and Ready (all three). Unchanged
 * conditions keep their transition time, so a settled Machine causes no writes.
 */
public final class MachineStatusBuilder {
  private static final String GPU = "nvidia.com/gpu";
  private static final List<String> EPHEMERAL_TAINTS =
      List.of(
          "node.kubernetes.io/not-ready",
          "node.kubernetes.io/unreachable",
          "node.cloudprovider.kubernetes.io/uninitialized");

  private MachineStatusBuilder() {}

  /**
   * @param nodes the Nodes found for the Machine (by providerID or by its labels)
   * @param gpuExpected the instance type has GPUs, so Initialized waits for them
   */
  public static MachineStatus compute(
      Machine machine,
      String provider,
      CloudResult cloud,
      List<Node> nodes,
      boolean gpuExpected,
      Instant now) {
    MachineStatus old = machine.getStatus();
    List<Condition> conditions =
        old == null || old.conditions() == null ? List.of() : old.conditions();
    long generation =
        machine.getMetadata().getGeneration() == null ? 0 : machine.getMetadata().getGeneration();

    conditions = launched(conditions, cloud, generation, now);
    Node node = nodes.size() == 1 ? nodes.get(0) : null;
    boolean launched = cloud.state() == CloudResult.State.READY;
    if (!launched) {
      conditions =
          set(
              conditions,
              MachineConditions.REGISTERED,
              Conditions.UNKNOWN,
              "AwaitingLaunch",
              "waiting for the cloud resource",
              generation,
              now);
    } else if (nodes.isEmpty()) {
      conditions =
          set(
              conditions,
              MachineConditions.REGISTERED,
              Conditions.UNKNOWN,
              "NodeNotFound",
              "waiting for the Node to join the cluster",
              generation,
              now);
    } else if (nodes.size() > 1) {
      conditions =
          set(
              conditions,
              MachineConditions.REGISTERED,
              Conditions.FALSE,
              "MultipleNodesFound",
              nodes.size()
                  + " Nodes claim this Machine: "
                  + nodes.stream().map(n -> n.getMetadata().getName()).sorted().toList(),
              generation,
              now);
    } else {
      conditions =
          set(
              conditions,
              MachineConditions.REGISTERED,
              Conditions.TRUE,
              "Registered",
              "Node " + node.getMetadata().getName() + " joined",
              generation,
              now);
    }
    conditions = initialized(conditions, node, launched, gpuExpected, generation, now);
    boolean ready =
        Conditions.isTrue(conditions, MachineConditions.LAUNCHED)
            && Conditions.isTrue(conditions, MachineConditions.REGISTERED)
            && Conditions.isTrue(conditions, MachineConditions.INITIALIZED);
    conditions =
        ready
            ? set(
                conditions,
                MachineConditions.READY,
                Conditions.TRUE,
                "Ready",
                "the node is ready for workloads",
                generation,
                now)
            : set(
                conditions,
                MachineConditions.READY,
                Conditions.FALSE,
                "NotReady",
                firstNotTrue(conditions),
                generation,
                now);

    String operationStart =
        old != null
                && old.cloudResource() != null
                && old.cloudResource().operationStartTime() != null
            ? old.cloudResource().operationStartTime()
            : Conditions.timestamp(now);
    CloudResourceStatus resource =
        new CloudResourceStatus(
            provider,
            cloud.resourceName(),
            cloud.provisioningState(),
            cloud.state() == CloudResult.State.READY ? null : "create",
            cloud.state() == CloudResult.State.READY ? null : operationStart);
    return new MachineStatus(
        node == null || node.getSpec() == null
            ? (old == null ? null : old.providerId())
            : node.getSpec().getProviderID(),
        node == null ? null : node.getMetadata().getName(),
        node == null || node.getStatus() == null ? null : nonEmpty(node.getStatus().getCapacity()),
        node == null || node.getStatus() == null
            ? null
            : nonEmpty(node.getStatus().getAllocatable()),
        resource,
        conditions);
  }

  private static List<Condition> launched(
      List<Condition> conditions, CloudResult cloud, long generation, Instant now) {
    return switch (cloud.state()) {
      case READY ->
          set(
              conditions,
              MachineConditions.LAUNCHED,
              Conditions.TRUE,
              "Launched",
              "the cloud resource " + cloud.resourceName() + " exists",
              generation,
              now);
      case FAILED_TERMINAL ->
          set(
              conditions,
              MachineConditions.LAUNCHED,
              Conditions.FALSE,
              reason(cloud, "LaunchFailed"),
              cloud.message(),
              generation,
              now);
      case FAILED_RETRYABLE ->
          set(
              conditions,
              MachineConditions.LAUNCHED,
              Conditions.UNKNOWN,
              reason(cloud, "LaunchFailed"),
              "retrying: " + cloud.message(),
              generation,
              now);
      default ->
          set(
              conditions,
              MachineConditions.LAUNCHED,
              Conditions.UNKNOWN,
              "Launching",
              cloud.message() == null ? "the cloud resource is being created" : cloud.message(),
              generation,
              now);
    };
  }

  private static List<Condition> initialized(
      List<Condition> conditions,
      Node node,
      boolean launched,
      boolean gpuExpected,
      long generation,
      Instant now) {
    if (!launched || node == null) {
      return set(
          conditions,
          MachineConditions.INITIALIZED,
          Conditions.UNKNOWN,
          "AwaitingRegistration",
          "waiting for the Node",
          generation,
          now);
    }
    if (!nodeReady(node)) {
      return set(
          conditions,
          MachineConditions.INITIALIZED,
          Conditions.FALSE,
          "NodeNotReady",
          "Node " + node.getMetadata().getName() + " is not Ready",
          generation,
          now);
    }
    List<Taint> taints =
        node.getSpec() == null || node.getSpec().getTaints() == null
            ? List.of()
            : node.getSpec().getTaints();
    for (Taint t : taints) {
      if (EPHEMERAL_TAINTS.contains(t.getKey())) {
        return set(
            conditions,
            MachineConditions.INITIALIZED,
            Conditions.FALSE,
            "StartupTaintsExist",
            "Node still has taint " + t.getKey(),
            generation,
            now);
      }
    }
    if (gpuExpected && !hasGpus(node)) {
      return set(
          conditions,
          MachineConditions.INITIALIZED,
          Conditions.FALSE,
          "ResourceNotRegistered",
          "Node "
              + node.getMetadata().getName()
              + " has no allocatable "
              + GPU
              + " yet (the NVIDIA device plugin registers them)",
          generation,
          now);
    }
    return set(
        conditions,
        MachineConditions.INITIALIZED,
        Conditions.TRUE,
        "Initialized",
        "Node is Ready with its GPUs",
        generation,
        now);
  }

  static boolean nodeReady(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean hasGpus(Node node) {
    if (node.getStatus() == null || node.getStatus().getAllocatable() == null) {
      return false;
    }
    Quantity gpus = node.getStatus().getAllocatable().get(GPU);
    return gpus != null && gpus.getNumericalAmount().signum() > 0;
  }

  private static String firstNotTrue(List<Condition> conditions) {
    for (String type :
        List.of(
            MachineConditions.LAUNCHED,
            MachineConditions.REGISTERED,
            MachineConditions.INITIALIZED)) {
      var c = Conditions.find(conditions, type);
      if (c.isEmpty() || !Conditions.TRUE.equals(c.get().getStatus())) {
        return type + ": " + c.map(Condition::getMessage).orElse("pending");
      }
    }
    return "";
  }

  private static String reason(CloudResult cloud, String fallback) {
    String code = cloud.errorCode();
    if (code == null || code.isEmpty()) {
      return fallback;
    }
    // Condition reasons are CamelCase identifiers; cloud codes such as ErrCode_X qualify once '_'
    // is gone.
    return code.replaceAll("[^A-Za-z0-9]", "");
  }

  private static Map<String, Quantity> nonEmpty(Map<String, Quantity> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  private static List<Condition> set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      long generation,
      Instant now) {
    return Conditions.set(conditions, type, status, reason, message, generation, now);
  }
}
