package sh.kaito.operator.catalog;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks every instance-type entry and fails on the first bad one with a message that names it. */
final class InstanceTypeValidator {
  private static final Set<String> CLOUDS = Set.of("azure", "aws", "arc");
  private static final Pattern SKU_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");

  /** Node GPU memory below this is a missing unit ({@code 16} instead of {@code 16Gi}). */
  private static final long MIN_GPU_MEMORY = ByteQuantity.GI;

  /** Exclusive upper bound for compute capabilities; Blackwell parts are 10.x and 12.x. */
  private static final BigDecimal MAX_COMPUTE_CAPABILITY = new BigDecimal("20");

  private final String source;

  InstanceTypeValidator(String source) {
    this.source = source;
  }

  void validateAll(List<GpuInstanceType> entries) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      GpuInstanceType t = entries.get(i);
      if (t == null) {
        throw fail(i, "?", "entry is empty");
      }
      String label = t.name() == null || t.name().isBlank() ? "?" : t.name();
      validate(i, label, t);
      if (!seen.add(t.name().toLowerCase(Locale.ROOT))) {
        throw fail(i, label, "instance type is listed twice");
      }
    }
  }

  private void validate(int i, String label, GpuInstanceType t) {
    require(
        i,
        label,
        t.name() != null && SKU_NAME.matcher(t.name()).matches(),
        "name is required and must be a SKU name without spaces");
    require(
        i,
        label,
        t.cloud() != null && CLOUDS.contains(t.cloud()),
        "cloud must be one of azure, aws, arc");
    require(i, label, t.gpuCount() > 0, "gpuCount must be > 0");
    long memory;
    try {
      memory = t.gpuMemoryBytes();
    } catch (IllegalArgumentException e) {
      throw fail(i, label, "gpuMemory: " + e.getMessage());
    }
    require(
        i,
        label,
        memory >= MIN_GPU_MEMORY,
        "gpuMemory '" + t.gpuMemory() + "' is too small; write the node total such as 16Gi");
    require(i, label, t.gpuModel() != null && !t.gpuModel().isBlank(), "gpuModel is required");
    BigDecimal cc = t.computeCapability();
    require(
        i,
        label,
        cc == null || (cc.signum() > 0 && cc.compareTo(MAX_COMPUTE_CAPABILITY) < 0),
        "computeCapability must be a CUDA compute capability such as 8.0");
  }

  private void require(int i, String label, boolean condition, String message) {
    if (!condition) {
      throw fail(i, label, message);
    }
  }

  private CatalogException fail(int i, String label, String message) {
    return new CatalogException(
        CatalogFiles.entryPrefix(source, "instance type", i, label) + message);
  }
}
