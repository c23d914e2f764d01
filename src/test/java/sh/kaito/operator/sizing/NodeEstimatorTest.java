package sh.kaito.operator.sizing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.testsupport.Workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * KAITO's node estimator (kaito.md §3.3.4). Expectations are worked by hand from the formula: avail
 * = 0.84·M; reserve = 2.3 GiB + ctx·bytesPerToken/gpus; budget = (avail − reserve)/1.05; minGPUs =
 * int(1.02·weights / budget) + 1; nodes = ceil(minGPUs / gpus).
 */
class NodeEstimatorTest {
  private static ModelPreset model(String name) {
    return Workspaces.models().findSupported(name).orElseThrow();
  }

  private static GpuConfig sku(String name) {
    return Workspaces.instanceTypes().find(name).orElseThrow().gpuConfig();
  }

  @ParameterizedTest(name = "{0} on {1} at {2} tokens: {4} GPUs, {3} node(s)")
  @CsvSource({
    // phi-4: 27.31Gi, 40 layers, 10 KV heads of 128 -> 204800 bytes/token.
    // A10 24Gi: budget (20.16 - 2.3 - 0.39) / 1.05 = 16.64 GiB; 27.86 / 16.64 = 1.67 -> 2 GPUs.
    "phi-4, Standard_NV36ads_A10_v5, 0, 2, 2",
    // NV72 (2x A10): KV cache halves per GPU; still 2 GPUs, on one node.
    "phi-4, Standard_NV72ads_A10_v5, 0, 1, 2",
    "phi-4, Standard_NC24ads_A100_v4, 0, 1, 1",
    "phi-4, Standard_NC24ads_A100_v4, 16384, 1, 1",
    // llama-3.3-70b: 131.42Gi, 80 layers, 8 KV heads of 128 -> 327680 bytes/token.
    // A100 80Gi: budget (67.2 - 2.3 - 0.625) / 1.05 = 61.21 GiB; 134.05 / 61.21 = 2.19 -> 3 GPUs.
    "llama-3.3-70b-instruct, Standard_NC24ads_A100_v4, 0, 3, 3",
    // ND96 H100 (8x 80Gi): 3 GPUs of the 8 on one node.
    "llama-3.3-70b-instruct, Standard_ND96isr_H100_v5, 0, 1, 3",
    // NC80 H100 (2x 94Gi): budget 72.7 GiB; 134.05 / 72.7 = 1.84 -> 2 GPUs, one node.
    "llama-3.3-70b-instruct, Standard_NC80adis_H100_v5, 0, 1, 2",
    // Full 131072-token context: 40 GiB KV cache; budget (67.2 - 42.3) / 1.05 = 23.71 GiB -> 6.
    "llama-3.3-70b-instruct, Standard_NC24ads_A100_v4, 131072, 6, 6",
    "phi-3-mini-128k-instruct, Standard_NC6s_v3, 0, 1, 1",
  })
  void estimatesNodesPerReplica(
      String preset, String instanceType, int context, int nodes, int gpus) throws Exception {
    NodeEstimate e = NodeEstimator.estimate(model(preset), sku(instanceType), context);

    assertThat(e.nodes()).isEqualTo(nodes);
    assertThat(e.minGpus()).isEqualTo(gpus);
  }

  @Test
  void reportsTheFiguresBehindTheEstimate() throws Exception {
    ModelPreset phi4 = model("phi-4");

    NodeEstimate e = NodeEstimator.estimate(phi4, sku("Standard_NV36ads_A10_v5"), 0);

    assertThat(phi4.kvCacheBytesPerToken()).isEqualTo(204_800L);
    assertThat(e.contextTokens()).isEqualTo(2048);
    assertThat(e.kvCacheBytesPerGpu()).isEqualTo(2048L * 204_800L);
    assertThat((double) e.modelBytes()).isCloseTo(phi4.weightsBytes() * 1.02, within(1.0));
    assertThat(ByteQuantity.toGiB(e.perGpuBudgetBytes()))
        .isCloseTo((24 * 0.84 - 2.3 - 0.390625) / 1.05, within(1e-6));
  }

  @Test
  void kvCacheIsSplitOverTheGpusOfANode() throws Exception {
    NodeEstimate one =
        NodeEstimator.estimate(model("llama-3.3-70b-instruct"), sku("Standard_NC24ads_A100_v4"), 0);
    NodeEstimate eight =
        NodeEstimator.estimate(model("llama-3.3-70b-instruct"), sku("Standard_ND96isr_H100_v5"), 0);

    assertThat(one.kvCacheBytesPerGpu()).isEqualTo(2048L * 327_680L);
    assertThat(eight.kvCacheBytesPerGpu()).isEqualTo(2048L * 327_680L / 8);
  }

  @Test
  void largerContextLeavesLessMemoryForWeights() throws Exception {
    ModelPreset llama = model("llama-3.3-70b-instruct");
    GpuConfig a100 = sku("Standard_NC24ads_A100_v4");

    NodeEstimate small = NodeEstimator.estimate(llama, a100, 2048);
    NodeEstimate large = NodeEstimator.estimate(llama, a100, 65536);

    assertThat(large.perGpuBudgetBytes()).isLessThan(small.perGpuBudgetBytes());
    // 65536 tokens: 20 GiB KV cache; budget (67.2 - 22.3) / 1.05 = 42.76 GiB -> 134.05 / 42.76 ->
    // 4.
    assertThat(large.nodes()).isEqualTo(4);
    assertThat(small.nodes()).isEqualTo(3);
  }

  @Test
  void zeroContextMeansTheDefault2048Tokens() throws Exception {
    NodeEstimate zero = NodeEstimator.estimate(model("phi-4"), sku("Standard_NC24ads_A100_v4"), 0);
    NodeEstimate explicit =
        NodeEstimator.estimate(model("phi-4"), sku("Standard_NC24ads_A100_v4"), 2048);

    assertThat(zero).isEqualTo(explicit);
    assertThat(NodeEstimator.DEFAULT_CONTEXT_TOKENS).isEqualTo(2048);
  }

  @Test
  void gpuTooSmallForTheReserveIsRefusedWithTheNumbers() {
    assertThatThrownBy(
            () ->
                NodeEstimator.estimate(
                    model("llama-3.3-70b-instruct"), sku("Standard_NV36ads_A10_v5"), 131072))
        .isInstanceOf(SizingException.class)
        .hasMessage(
            "GPU memory 25769803776 bytes is too small, needs at least 42.3 GB overhead (base:"
                + " 2.3GB + KV Cache: 40.0 GB)");
  }

  @Test
  void tinyGpuIsRefusedEvenAtTheDefaultContext() {
    GpuConfig twoGi = new GpuConfig("tiny", 1, 2 * ByteQuantity.GI, null);

    assertThatThrownBy(() -> NodeEstimator.estimate(model("phi-4"), twoGi, 0))
        .isInstanceOf(SizingException.class)
        .hasMessage(
            "GPU memory 2147483648 bytes is too small, needs at least 2.7 GB overhead (base:"
                + " 2.3GB + KV Cache: 0.4 GB)");
  }
}
