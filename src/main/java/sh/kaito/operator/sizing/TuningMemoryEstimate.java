package sh.kaito.operator.sizing;

import sh.kaito.operator.catalog.ByteQuantity;

/**
 * GPU memory one training process needs, by part, and what one GPU offers.
 *
 * @param weightsBytes base model weights as loaded (16-bit, or quantized for QLoRA)
 * @param optimizerBytes LoRA parameters with their gradients and AdamW states
 * @param activationBytes activations kept for the backward pass
 * @param overheadBytes CUDA context, kernels workspace, logits and allocator slack
 * @param usablePerGpuBytes what one GPU offers to the process
 */
public record TuningMemoryEstimate(
    long weightsBytes,
    long optimizerBytes,
    long activationBytes,
    long overheadBytes,
    long usablePerGpuBytes) {

  public long totalBytes() {
    return weightsBytes + optimizerBytes + activationBytes + overheadBytes;
  }

  public boolean fits() {
    return totalBytes() <= usablePerGpuBytes;
  }

  /** The parts in GiB, for messages: "weights 2.1 GiB, optimizer 0.6 GiB, ...". */
  public String breakdown() {
    return "weights "
        + gib(weightsBytes)
        + " GiB, LoRA optimizer state "
        + gib(optimizerBytes)
        + " GiB, activations "
        + gib(activationBytes)
        + " GiB, overhead "
        + gib(overheadBytes)
        + " GiB";
  }

  static String gib(long bytes) {
    return ByteQuantity.oneDecimal(ByteQuantity.toGiB(bytes));
  }
}
