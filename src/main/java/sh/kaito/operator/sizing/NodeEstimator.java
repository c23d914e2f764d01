package sh.kaito.operator.sizing;

import java.util.Locale;

import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.ModelPreset;

/**
 * KAITO's node estimator for vLLM inference: how many nodes of a GPU shape a model needs. vLLM gets
 * 84% of each GPU; a fixed 2.3 GiB plus the KV cache of one full-length sequence is reserved; 5% of
 * the rest goes to activations; the weights (102% of their file size once loaded) are spread over
 * the GPUs that remain.
 */
public final class NodeEstimator {
  /** Context the KV cache is sized for when the inference config sets no max-model-len. */
  public static final int DEFAULT_CONTEXT_TOKENS = 2048;

  static final double GPU_MEMORY_UTILIZATION = 0.84;
  static final double WEIGHT_EXPANSION = 1.02;
  static final double BASE_OVERHEAD_GIB = 2.3;
  static final double OVERHEAD_WEIGHT_FACTOR = 0.05;

  private NodeEstimator() {}

  /**
   * Estimates the nodes per replica.
   *
   * @param contextTokens max-model-len from the inference config, or 0 for the default
   * @throws SizingException when one GPU is too small for the fixed reserve
   */
  public static NodeEstimate estimate(ModelPreset model, GpuConfig gpus, int contextTokens)
      throws SizingException {
    int context = contextTokens > 0 ? contextTokens : DEFAULT_CONTEXT_TOKENS;
    double modelSize = model.weightsBytes() * WEIGHT_EXPANSION;
    double memPerGpu = (double) gpus.memoryPerGpuBytes();
    double available = memPerGpu * GPU_MEMORY_UTILIZATION;
    double kvCache = (double) context * model.kvCacheBytesPerToken() / gpus.gpuCount();
    double reserve = BASE_OVERHEAD_GIB * ByteQuantity.GI + kvCache;
    if (available <= reserve) {
      throw new SizingException(
          String.format(
              Locale.ROOT,
              "GPU memory %.0f bytes is too small, needs at least %.1f GB overhead (base: %.1fGB +"
                  + " KV Cache: %.1f GB)",
              memPerGpu,
              reserve / ByteQuantity.GI,
              BASE_OVERHEAD_GIB,
              kvCache / ByteQuantity.GI));
    }
    double budget = (available - reserve) / (1 + OVERHEAD_WEIGHT_FACTOR);
    int minGpus = (int) (modelSize / budget) + 1;
    int nodes = (minGpus + gpus.gpuCount() - 1) / gpus.gpuCount();
    return new NodeEstimate(
        nodes, minGpus, context, (long) modelSize, (long) budget, (long) kvCache);
  }
}
