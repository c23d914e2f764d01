package sh.kaito.operator.sizing;

import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.ModelPreset;

/**
 * Estimates the GPU memory of one LoRA or QLoRA training process (KAITO runs one per GPU, each with
 * the whole model). Upstream KAITO keeps a fixed requirement per preset (72Gi for phi-3-mini) and
 * no longer enforces it; this estimate is built from the model's shape instead, so that QLoRA of a
 * small model on a 16 GB V100 is accepted and requests that cannot fit are refused with numbers.
 *
 * <ul>
 *   <li>Weights: the safetensors size is 16-bit; 4-bit NF4 keeps about 30% of it (4 bits per
 *       weight, plus double-quantization constants and the embeddings and norms left in 16-bit),
 *       8-bit about 55%.
 *   <li>LoRA state: at most 1% of the parameters are trainable at the default ranks; each needs 16
 *       bytes (fp32 weight, gradient and two AdamW moments).
 *   <li>Activations: 34·s·b·h bytes per layer with memory-efficient attention (Korthikanti et al.,
 *       2022, without the quadratic term); with gradient checkpointing only each layer's input
 *       (2·s·b·h) is kept, plus one layer being recomputed.
 *   <li>Overhead: 1.5 GiB for the CUDA context, cuBLAS workspace, the fp32 logits and
 *       fragmentation.
 *   <li>Usable: 95% of the GPU.
 * </ul>
 */
public final class TuningMemoryEstimator {
  static final double NF4_WEIGHT_FACTOR = 0.30;
  static final double INT8_WEIGHT_FACTOR = 0.55;
  static final double TRAINABLE_FRACTION = 0.01;
  static final int BYTES_PER_TRAINABLE_PARAM = 16;
  static final int ACTIVATION_BYTES_PER_TOKEN_HIDDEN = 34;
  static final double OVERHEAD_GIB = 1.5;
  static final double USABLE_FRACTION = 0.95;

  private TuningMemoryEstimator() {}

  public static TuningMemoryEstimate estimate(
      ModelPreset model, TuningProfile profile, GpuConfig gpus) {
    long weights16 = model.weightsBytes();
    double params = weights16 / 2.0;
    double weights =
        switch (profile.weightBits()) {
          case 4 -> weights16 * NF4_WEIGHT_FACTOR;
          case 8 -> weights16 * INT8_WEIGHT_FACTOR;
          default -> weights16;
        };
    double optimizer = params * TRAINABLE_FRACTION * BYTES_PER_TRAINABLE_PARAM;
    double tokensTimesHidden =
        (double) profile.sequenceLength() * profile.batchSize() * model.hiddenSize();
    int layers = model.numHiddenLayers();
    double activations =
        profile.gradientCheckpointing()
            ? tokensTimesHidden * (2.0 * layers + ACTIVATION_BYTES_PER_TOKEN_HIDDEN)
            : tokensTimesHidden * ACTIVATION_BYTES_PER_TOKEN_HIDDEN * layers;
    double overhead = OVERHEAD_GIB * ByteQuantity.GI;
    long usable = (long) (gpus.memoryPerGpuBytes() * USABLE_FRACTION);
    return new TuningMemoryEstimate(
        (long) weights, (long) optimizer, (long) activations, (long) overhead, usable);
  }
}
