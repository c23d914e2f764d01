package sh.kaito.operator.sizing;

/**
 * The training settings that drive GPU memory.
 *
 * @param weightBits bits per weight while training: 16 (LoRA), 8 or 4 (QLoRA)
 * @param batchSize per-device train batch size
 * @param sequenceLength tokens per sample after truncation
 * @param gradientCheckpointing activations are recomputed instead of kept (QLoRA's default, set by
 *     peft's prepare_model_for_kbit_training)
 */
public record TuningProfile(
    int weightBits, int batchSize, int sequenceLength, boolean gradientCheckpointing) {

  /** TRL's SFTConfig default max_length. */
  public static final int DEFAULT_SEQUENCE_LENGTH = 1024;

  /** KAITO's default LoRA configuration: 16-bit weights, batch 1. */
  public static TuningProfile defaultLora() {
    return new TuningProfile(16, 1, DEFAULT_SEQUENCE_LENGTH, false);
  }

  /** KAITO's default QLoRA configuration: 4-bit NF4 weights, batch 1, gradient checkpointing. */
  public static TuningProfile defaultQlora() {
    return new TuningProfile(4, 1, DEFAULT_SEQUENCE_LENGTH, true);
  }
}
