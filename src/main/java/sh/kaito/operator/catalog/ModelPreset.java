package sh.kaito.operator.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One model of the preset catalog: the facts the estimator, the validator and the manifest builders
 * need. Sizes are byte quantities as written in the data file ({@code 7.12Gi}).
 *
 * @param modelId HuggingFace repository ID with its original case, e.g. {@code
 *     microsoft/Phi-3-mini-128k-instruct}
 * @param name KAITO's short preset name (e.g. {@code phi-3-mini-128k-instruct}); for models without
 *     one, the lower-cased model ID
 * @param revision HuggingFace commit the runtime downloads, when pinned
 * @param weights total size of the safetensors files
 * @param architectures HuggingFace architectures (e.g. {@code Phi3ForCausalLM})
 * @param contextLength maximum context window in tokens (KAITO's ModelTokenLimit)
 * @param headDim attention head size when it is not hiddenSize / numAttentionHeads
 * @param kvLoraRank MLA compressed KV rank (DeepSeek-style attention), else null
 * @param qkRopeHeadDim MLA rotary head size, else null
 * @param quantization quantization method of the published weights (fp8, awq, ...), else null
 * @param runtimes inference runtimes that can serve it
 * @param downloadAuthRequired gated model: needs a modelAccessSecret with HF_TOKEN
 * @param tuning fine-tuning support, null when the model cannot be tuned
 * @param deprecated the name is known but no longer supported (admission rejects it)
 * @param legacy a preset of earlier KAITO releases that its current catalog dropped
 * @param runtimeFlags extra vLLM flags the model needs (parsers, chat template, dtype ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelPreset(
    String modelId,
    String name,
    String revision,
    String weights,
    List<String> architectures,
    Integer contextLength,
    Integer hiddenSize,
    Integer numHiddenLayers,
    Integer numAttentionHeads,
    Integer numKeyValueHeads,
    Integer headDim,
    Integer kvLoraRank,
    Integer qkRopeHeadDim,
    Quantization quantization,
    List<InferenceRuntime> runtimes,
    boolean downloadAuthRequired,
    TuningSupport tuning,
    boolean deprecated,
    boolean legacy,
    Map<String, String> runtimeFlags) {

  /** Quantization of the published weights. */
  public record Quantization(String method, Integer bits) {}

  /**
   * Fine-tuning support.
   *
   * @param weightsImageTag tag of the {@code kaito-<name>} OCI artifact that holds the weights the
   *     tuning job pulls
   * @param targetModules LoRA target modules when the model needs explicit ones
   */
  public record TuningSupport(String weightsImageTag, List<String> targetModules) {}

  /** The weights size in bytes. */
  public long weightsBytes() {
    return ByteQuantity.parse(weights);
  }

  /** Disk for the weights plus working space, KAITO's DiskStorageRequirement (weights + 80Gi). */
  public long diskBytes() {
    long weightsGi = (long) Math.floor(ByteQuantity.toGiB(weightsBytes()));
    return (weightsGi + 80) * ByteQuantity.GI;
  }

  public boolean supportsRuntime(InferenceRuntime runtime) {
    return runtimes != null && runtimes.contains(runtime);
  }

  public boolean supportsTuning() {
    return tuning != null;
  }

  /** The head size used for the KV cache. */
  public int effectiveHeadDim() {
    if (headDim != null) {
      return headDim;
    }
    return hiddenSize / numAttentionHeads;
  }

  /**
   * KV-cache bytes per token: 2 bytes (16-bit) × layers × (K and V for every KV head, or the MLA
   * latent for DeepSeek-style attention). KAITO's BytesPerToken.
   */
  public long kvCacheBytesPerToken() {
    long perLayer;
    if (kvLoraRank != null && kvLoraRank > 0) {
      perLayer = kvLoraRank + (qkRopeHeadDim == null ? 0 : qkRopeHeadDim);
    } else {
      perLayer = 2L * numKeyValueHeads * effectiveHeadDim();
    }
    return 2L * numHiddenLayers * perLayer;
  }

  /** The lower-cased names that resolve to this preset: its name and its model ID. */
  public List<String> lookupKeys() {
    String id = modelId.toLowerCase(Locale.ROOT);
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals(id) ? List.of(id) : List.of(n, id);
  }
}
