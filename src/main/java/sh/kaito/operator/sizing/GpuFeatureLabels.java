package sh.kaito.operator.sizing;

import java.math.BigDecimal;
import java.util.Map;

import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.GpuConfig;

/**
 * Reads a node's GPU shape from the labels of NVIDIA GPU Feature Discovery, as KAITO does for BYO
 * nodes: {@code nvidia.com/gpu.product}, {@code gpu.count}, {@code gpu.memory} (MiB per GPU) and
 * optionally {@code cuda.compute.major}/{@code minor}.
 */
public final class GpuFeatureLabels {
  public static final String PRODUCT = "nvidia.com/gpu.product";
  public static final String COUNT = "nvidia.com/gpu.count";
  public static final String MEMORY = "nvidia.com/gpu.memory";
  public static final String CC_MAJOR = "nvidia.com/cuda.compute.major";
  public static final String CC_MINOR = "nvidia.com/cuda.compute.minor";

  private GpuFeatureLabels() {}

  /**
   * The node's GPU shape; per-GPU memory is the MiB label rounded to whole GiB, as upstream.
   *
   * @throws IllegalArgumentException with KAITO's message when a label is missing or malformed
   */
  public static GpuConfig read(String nodeName, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    String product = l.get(PRODUCT);
    String count = l.get(COUNT);
    String memory = l.get(MEMORY);
    if (product == null || count == null || memory == null) {
      throw new IllegalArgumentException("missing required nvidia.com labels on node " + nodeName);
    }
    int gpus;
    try {
      gpus = Integer.parseInt(count.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid nvidia.com/gpu.count value on node " + nodeName + ": " + count);
    }
    long mib;
    try {
      mib = Long.parseLong(memory.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid nvidia.com/gpu.memory value on node " + nodeName + ": " + memory);
    }
    if (gpus <= 0 || mib <= 0) {
      throw new IllegalArgumentException(
          "nvidia.com/gpu.count and nvidia.com/gpu.memory must be positive on node " + nodeName);
    }
    long gibPerGpu = (long) (mib / 1024.0 + 0.5);
    return new GpuConfig(product, gpus, gibPerGpu * ByteQuantity.GI, computeCapability(l));
  }

  private static BigDecimal computeCapability(Map<String, String> labels) {
    try {
      String major = labels.get(CC_MAJOR);
      if (major == null) {
        return null;
      }
      String minor = labels.getOrDefault(CC_MINOR, "0");
      return new BigDecimal(Integer.parseInt(major.trim()) + "." + Integer.parseInt(minor.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
