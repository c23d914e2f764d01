package sh.kaito.operator.sizing;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Node;

import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.GpuInstanceType;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.common.ClusterLookup;

/**
 * Finds the GPU shape of a Workspace: from the instance-type catalog when the operator provisions
 * nodes, from the GPU Feature Discovery labels of the matching nodes in BYO mode.
 */
public final class GpuShapes {
  private GpuShapes() {}

  /** The outcome: a shape, or the error that explains why there is none. */
  public record Resolution(GpuShape shape, String error) {
    static Resolution of(GpuShape shape) {
      return new Resolution(shape, null);
    }

    static Resolution fail(String message) {
      return new Resolution(null, message);
    }

    public boolean failed() {
      return error != null;
    }
  }

  /**
   * From the catalog; an unknown name gives an unknown shape (the caller decides if that is ok).
   */
  public static GpuShape fromInstanceType(
      InstanceTypeCatalog catalog, String instanceType, int nodeCount) {
    Optional<GpuInstanceType> sku = catalog.find(instanceType);
    return new GpuShape(
        sku.map(GpuInstanceType::gpuConfig).orElse(null),
        nodeCount,
        "instance type " + instanceType);
  }

  /** Whether Azure would accept an unknown name: KAITO lets Standard_N* and Standard_D* through. */
  public static boolean isPassThroughAzureSku(String cloud, String instanceType) {
    if (!"azure".equals(cloud) || instanceType == null) {
      return false;
    }
    String lower = instanceType.toLowerCase(Locale.ROOT);
    return lower.startsWith("standard_n") || lower.startsWith("standard_d");
  }

  /**
   * From the nodes matching the selector (reserved keys removed); they must all carry GFD labels
   * and have the same GPUs.
   */
  public static Resolution fromNodes(ClusterLookup cluster, Map<String, String> selector) {
    List<Node> nodes;
    try {
      nodes =
          cluster.nodesWithLabels(selector).stream()
              .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
              .toList();
    } catch (ClusterLookup.LookupException e) {
      return Resolution.fail("Failed to list nodes with labelSelector: " + e.getMessage());
    }
    if (nodes.isEmpty()) {
      return Resolution.fail("No nodes found matching the specified label selector");
    }
    GpuConfig first = null;
    String firstNode = null;
    for (Node node : nodes) {
      String name = node.getMetadata().getName();
      GpuConfig config;
      try {
        config = GpuFeatureLabels.read(name, node.getMetadata().getLabels());
      } catch (IllegalArgumentException e) {
        return Resolution.fail(
            "Failed to get GPU config from nvidia labels on node " + name + ": " + e.getMessage());
      }
      if (first == null) {
        first = config;
        firstNode = name;
        continue;
      }
      String mismatch = mismatch(name, config, first);
      if (mismatch != null) {
        return Resolution.fail(mismatch);
      }
    }
    return Resolution.of(new GpuShape(first, nodes.size(), "node " + firstNode));
  }

  private static String mismatch(String node, GpuConfig config, GpuConfig previous) {
    if (!config.product().equals(previous.product())) {
      return "Non-uniform GPU product: node "
          + node
          + " has "
          + config.product()
          + " GPUs, but previous node has "
          + previous.product()
          + " GPUs, all nodes must have the same GPU product for homogeneous placement";
    }
    if (config.gpuCount() != previous.gpuCount()) {
      return "Non-uniform GPU count: node "
          + node
          + " has "
          + config.gpuCount()
          + " GPUs, but previous node has "
          + previous.gpuCount()
          + " GPUs";
    }
    if (config.totalMemoryBytes() != previous.totalMemoryBytes()) {
      return "Non-uniform GPU memory: node "
          + node
          + " has "
          + ByteQuantity.formatGi(config.totalMemoryBytes())
          + " memory, but previous node has "
          + ByteQuantity.formatGi(previous.totalMemoryBytes())
          + " memory";
    }
    return null;
  }
}
