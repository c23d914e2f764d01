package sh.kaito.operator.catalog;

import java.math.BigDecimal;

/**
 * The GPU shape of one node, from the instance-type catalog or from GPU Feature Discovery labels.
 *
 * @param product GPU product name
 * @param gpuCount GPUs per node
 * @param memoryPerGpuBytes memory of one GPU
 * @param computeCapability CUDA compute capability, null when unknown
 */
public record GpuConfig(
    String product, int gpuCount, long memoryPerGpuBytes, BigDecimal computeCapability) {

  private static final BigDecimal AMPERE = new BigDecimal("8.0");

  public long totalMemoryBytes() {
    return memoryPerGpuBytes * gpuCount;
  }

  /**
   * bfloat16 needs compute capability 8.0 (Ampere) or later. Unknown capability counts as
   * supported, since every SKU KAITO lists today is Ampere or newer.
   */
  public boolean supportsBfloat16() {
    return computeCapability == null || computeCapability.compareTo(AMPERE) >= 0;
  }
}
