package sh.kaito.operator.catalog;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A GPU instance type (cloud SKU).
 *
 * @param name SKU name as the cloud spells it, e.g. {@code Standard_NC6s_v3}; matched
 *     case-insensitively
 * @param cloud {@code azure}, {@code aws} or {@code arc}
 * @param gpuCount GPUs per node
 * @param gpuMemory total GPU memory of the node (all GPUs), e.g. {@code 16Gi}
 * @param gpuModel GPU product, e.g. {@code NVIDIA V100}
 * @param computeCapability CUDA compute capability (e.g. 7.0 for V100, 8.0 for A100); null for
 *     accelerators that are not NVIDIA GPUs
 * @param nvme the node has local NVMe disks
 * @param legacy dropped from KAITO's current table (pre-Ampere GPUs); still provisioned here
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record GpuInstanceType(
    String name,
    String cloud,
    int gpuCount,
    String gpuMemory,
    String gpuModel,
    BigDecimal computeCapability,
    boolean nvme,
    boolean legacy) {

  public long gpuMemoryBytes() {
    return ByteQuantity.parse(gpuMemory);
  }

  public GpuConfig gpuConfig() {
    return new GpuConfig(gpuModel, gpuCount, gpuMemoryBytes() / gpuCount, computeCapability);
  }
}
