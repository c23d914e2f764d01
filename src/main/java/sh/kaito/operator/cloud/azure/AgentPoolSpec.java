package sh.kaito.operator.cloud.azure;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent pool body this operator sends for a Machine, as gpu-provisioner sends it for a
 * NodeClaim.
 *
 * @param vmSize VM size (SKU), e.g. {@code Standard_NC6s_v3}
 * @param count node count, always 1
 * @param osDiskSizeGB OS disk size in GiB
 * @param osType always {@code Linux}
 * @param osSku {@code Ubuntu} or {@code AzureLinux}
 * @param type always {@code VirtualMachineScaleSets}
 * @param nodeLabels labels AKS puts on the node, sorted by key
 * @param nodeTaints taints AKS puts on the node, each {@code key=value:Effect}
 */
public record AgentPoolSpec(
    String vmSize,
    int count,
    int osDiskSizeGB,
    String osType,
    String osSku,
    String type,
    Map<String, String> nodeLabels,
    List<String> nodeTaints) {

  public AgentPoolSpec {
    nodeLabels =
        Collections.unmodifiableMap(
            nodeLabels == null ? new TreeMap<>() : new TreeMap<>(nodeLabels));
    nodeTaints = nodeTaints == null ? List.of() : List.copyOf(nodeTaints);
  }
}
