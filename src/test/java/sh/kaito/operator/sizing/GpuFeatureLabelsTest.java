package sh.kaito.operator.sizing;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.GpuConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GPU Feature Discovery labels of BYO nodes. */
class GpuFeatureLabelsTest {
  private static Map<String, String> labels(String product, String count, String memoryMiB) {
    Map<String, String> l = new HashMap<>();
    l.put(GpuFeatureLabels.PRODUCT, product);
    l.put(GpuFeatureLabels.COUNT, count);
    l.put(GpuFeatureLabels.MEMORY, memoryMiB);
    return l;
  }

  @Test
  void readsProductCountAndPerGpuMemory() {
    GpuConfig c = GpuFeatureLabels.read("gpu-1", labels("NVIDIA-A100-SXM4-80GB", "8", "81920"));

    assertThat(c.product()).isEqualTo("NVIDIA-A100-SXM4-80GB");
    assertThat(c.gpuCount()).isEqualTo(8);
    assertThat(c.memoryPerGpuBytes()).isEqualTo(80 * ByteQuantity.GI);
    assertThat(c.totalMemoryBytes()).isEqualTo(640 * ByteQuantity.GI);
    assertThat(c.computeCapability()).isNull();
    assertThat(c.supportsBfloat16()).isTrue();
  }

  @ParameterizedTest(name = "{0} MiB -> {1} GiB")
  @CsvSource({
    "81920, 80",
    "81559, 80",
    "23028, 22",
    "16160, 16",
    "15360, 15",
    "1536, 2",
    "1535, 1"
  })
  void perGpuMemoryIsRoundedToWholeGiB(String mib, long gib) {
    GpuConfig c = GpuFeatureLabels.read("gpu-1", labels("GPU", "1", mib));

    assertThat(c.memoryPerGpuBytes()).isEqualTo(gib * ByteQuantity.GI);
  }

  @Test
  void readsComputeCapability() {
    Map<String, String> l = labels("Tesla-V100-PCIE-16GB", "1", "16384");
    l.put(GpuFeatureLabels.CC_MAJOR, "7");
    l.put(GpuFeatureLabels.CC_MINOR, "0");

    GpuConfig c = GpuFeatureLabels.read("gpu-1", l);

    assertThat(c.computeCapability()).isEqualByComparingTo(new BigDecimal("7.0"));
    assertThat(c.supportsBfloat16()).isFalse();
  }

  @Test
  void missingMinorCountsAsZero() {
    Map<String, String> l = labels("NVIDIA-H100", "1", "81920");
    l.put(GpuFeatureLabels.CC_MAJOR, "9");

    assertThat(GpuFeatureLabels.read("gpu-1", l).computeCapability())
        .isEqualByComparingTo(new BigDecimal("9.0"));
  }

  @Test
  void malformedComputeCapabilityIsIgnored() {
    Map<String, String> l = labels("NVIDIA-H100", "1", "81920");
    l.put(GpuFeatureLabels.CC_MAJOR, "nine");

    assertThat(GpuFeatureLabels.read("gpu-1", l).computeCapability()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {GpuFeatureLabels.PRODUCT, GpuFeatureLabels.COUNT, GpuFeatureLabels.MEMORY})
  void eachOfTheThreeLabelsIsRequired(String missing) {
    Map<String, String> l = labels("NVIDIA-A100", "1", "81920");
    l.remove(missing);

    assertThatThrownBy(() -> GpuFeatureLabels.read("gpu-1", l))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing required nvidia.com labels on node gpu-1");
  }

  @Test
  void nullLabelsAreMissingLabels() {
    assertThatThrownBy(() -> GpuFeatureLabels.read("gpu-1", null))
        .hasMessage("missing required nvidia.com labels on node gpu-1");
  }

  @Test
  void countThatIsNotANumberIsRejected() {
    assertThatThrownBy(() -> GpuFeatureLabels.read("gpu-1", labels("GPU", "two", "81920")))
        .hasMessage("invalid nvidia.com/gpu.count value on node gpu-1: two");
  }

  @Test
  void memoryThatIsNotANumberIsRejected() {
    assertThatThrownBy(() -> GpuFeatureLabels.read("gpu-1", labels("GPU", "1", "80Gi")))
        .hasMessage("invalid nvidia.com/gpu.memory value on node gpu-1: 80Gi");
  }

  @ParameterizedTest
  @CsvSource({"0, 81920", "1, 0", "-1, 81920"})
  void zeroOrNegativeValuesAreRejected(String count, String memory) {
    assertThatThrownBy(() -> GpuFeatureLabels.read("gpu-1", labels("GPU", count, memory)))
        .hasMessage(
            "nvidia.com/gpu.count and nvidia.com/gpu.memory must be positive on node gpu-1");
  }
}
