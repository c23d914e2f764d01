package sh.kaito.operator.cloud.azure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Taint;

import sh.kaito.operator.api.machine.ImageFamily;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineSpec;
import sh.kaito.operator.catalog.ByteQuantity;

/**
 * The agent pool body for a Machine, built as gpu-provisioner's {@code newAgentPoolObject} builds
 * it for a NodeClaim: {@code VirtualMachineScaleSets}, count 1, {@code Linux}, OS SKU from the
 * image family, OS disk from {@code spec.storage} in whole GiB (rounded down), taints as {@code
 * key=value:Effect}, and node labels
 *
 * <ol>
 *   <li>{@code karpenter.sh/nodepool=kaito} (the label KAITO puts on its NodeClaims and
 *       gpu-provisioner copies to the pool; its List keeps only pools that carry it);
 *   <li>the Machine's {@code spec.labels} (where gpu-provisioner copies the NodeClaim's metadata
 *       labels: here the labels meant for the node, {@code kaito.sh/workspace} among them);
 *   <li>{@code kaito.sh/machine-type}: {@code gpu} when the size contains {@code Standard_N}, else
 *       {@code cpu};
 *   <li>{@code kaito.sh/creation-timestamp}: the Machine's creationTimestamp in UTC, layout {@code
 *       2006-01-02T15-04-05Z} (omitted when the Machine has none yet).
 * </ol>
 *
 * Pure: no cloud call. Invalid input throws {@link IllegalArgumentException} before any request.
 */
public final class AgentPoolSpecs {
  public static final String LABEL_NODEPOOL = "karpenter.sh/nodepool";
  public static final String NODEPOOL = "kaito";
  public static final String LABEL_MACHINE_TYPE = "kaito.sh/machine-type";
  public static final String LABEL_CREATION_TIMESTAMP = "kaito.sh/creation-timestamp";

  /** AKS Linux pool names: lower-case alphanumeric, starting with a letter, 1 to 12 characters. */
  public static final Pattern POOL_NAME = Pattern.compile("^[a-z][a-z0-9]{0,11}$");

  public static final String VMSS = "VirtualMachineScaleSets";
  public static final String LINUX = "Linux";
  public static final String UBUNTU = "Ubuntu";
  public static final String AZURE_LINUX = "AzureLinux";

  private AgentPoolSpecs() {}

  public static boolean isValidPoolName(String name) {
    return name != null && POOL_NAME.matcher(name).matches();
  }

  /** Throws when the name is not a valid AKS agent pool name. */
  public static void checkPoolName(String name) {
    if (!isValidPoolName(name)) {
      throw new IllegalArgumentException(
          "agent pool name \""
              + name
              + "\" is invalid: it must match "
              + POOL_NAME.pattern()
              + " (lower-case letters and digits, starting with a letter, at most 12 characters)");
    }
  }

  /** The body of the PUT for this Machine (the pool is named after the Machine). */
  public static AgentPoolSpec of(Machine machine) {
    String name = machine.getMetadata().getName();
    checkPoolName(name);
    MachineSpec spec = machine.getSpec();
    if (spec == null || spec.instanceType() == null || spec.instanceType().isBlank()) {
      throw new IllegalArgumentException("machine " + name + " has no instance type");
    }
    String vmSize = spec.instanceType();

    Map<String, String> labels = new TreeMap<>();
    labels.put(LABEL_NODEPOOL, NODEPOOL);
    if (spec.labels() != null) {
      labels.putAll(spec.labels());
    }
    labels.put(LABEL_MACHINE_TYPE, vmSize.contains("Standard_N") ? "gpu" : "cpu");
    Instant created = creationTimestamp(machine);
    if (created != null) {
      labels.put(LABEL_CREATION_TIMESTAMP, formatCreationTimestamp(created));
    }

    List<String> taints = new ArrayList<>();
    if (spec.taints() != null) {
      for (Taint t : spec.taints()) {
        taints.add(
            t.getKey() + "=" + (t.getValue() == null ? "" : t.getValue()) + ":" + t.getEffect());
      }
    }

    return new AgentPoolSpec(
        vmSize,
        1,
        osDiskSizeGB(name, spec.storage()),
        LINUX,
        spec.imageFamily() == ImageFamily.AZURE_LINUX ? AZURE_LINUX : UBUNTU,
        VMSS,
        labels,
        taints);
  }

  /** {@code 2006-01-02T15-04-05Z} (Go layout) in UTC. */
  public static String formatCreationTimestamp(Instant instant) {
    return ArmAgentPoolClient.CREATION_TIMESTAMP.format(
        instant.atOffset(ZoneOffset.UTC).toLocalDateTime());
  }

  static int osDiskSizeGB(String name, String storage) {
    long bytes;
    try {
      bytes = storage == null ? 0 : ByteQuantity.parse(storage);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "storage request of machine(" + name + ") is invalid: " + e.getMessage(), e);
    }
    long gib = bytes >> 30;
    if (gib <= 0) {
      throw new IllegalArgumentException(
          "storage request of machine(" + name + ") should be more than 0");
    }
    if (gib > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("storage request of machine(" + name + ") is too large");
    }
    return (int) gib;
  }

  static Instant creationTimestamp(Machine machine) {
    String value = machine.getMetadata().getCreationTimestamp();
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
