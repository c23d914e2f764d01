package sh.kaito.operator.catalog;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks every instance-type entry and fails on the first bad one with a message that names it. */
final class InstanceTypeValidator {
  private static final Set<String> CLOUDS = Set.of("azure", "aws", "arc");

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
      String label = t.name() == null ? "?" : t.name();
      validate(i, label, t);
      if (!seen.add(t.name().toLowerCase(Locale.ROOT))) {
        throw fail(i, label, "instance type is listed twice");
      }
    }
  }

  private void validate(int i, String label, GpuInstanceType t) {
    require(i, label, t.name() != null && !t.name().isBlank(), "name is required");
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
    require(i, label, memory > 0, "gpuMemory must be > 0");
    require(i, label, t.gpuModel() != null && !t.gpuModel().isBlank(), "gpuModel is required");
    BigDecimal cc = t.computeCapability();
    require(
        i,
        label,
        cc == null || (cc.signum() > 0 && cc.compareTo(BigDecimal.TEN) < 0),
        "computeCapability must be a CUDA compute capability such as 8.0");
  }

  private void require(int i, String label, boolean condition, String message) {
    if (!condition) {
      throw fail(i, label, message);
    }
  }

  private CatalogException fail(int i, String label, String message) {
    return new CatalogException(
        source + ": instance type #" + (i + 1) + " (" + label + "): " + message);
  }
}
