package sh.kaito.operator.manifests;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.ModelPreset;

/**
 * The command line of KAITO's HuggingFace transformers server ({@code
 * /workspace/tfs/inference_api.py}), started through {@code accelerate launch} on one machine with
 * all its GPUs.
 *
 * <p>Per-model parameters follow KAITO's transformers parameter table, which exists only for the
 * models the runtime can serve; it is keyed by KAITO's short name (the lower-cased last segment of
 * the HuggingFace ID, {@link VllmCommand#servedModelName(ModelPreset)}). The Falcon entries are
 * those of KAITO releases before v0.12, without the Falcon chat template, which the runtime image
 * no longer ships. Every model also gets {@code --served_model_name}, {@code
 * --pretrained_model_name_or_path}, {@code --revision} when the catalog pins one, and {@code
 * --allow_remote_files} (the weights are downloaded at start-up). Flags are sorted by name.
 *
 * <p>Changed from KAITO: {@code --torch_dtype=bfloat16} becomes {@code float16} on GPUs without
 * bfloat16 (compute capability below 8.0).
 */
public final class TransformersCommand {
  public static final String LAUNCHER = "accelerate launch";
  public static final String SERVER = "/workspace/tfs/inference_api.py";

  /** One process on one machine using every GPU of the pod. */
  static final SortedMap<String, String> ACCELERATE_FLAGS =
      new TreeMap<>(
          Map.of("num_processes", "1", "num_machines", "1", "machine_rank", "0", "gpu_ids", "all"));

  private static final String TEXT_GENERATION = "text-generation";
  private static final String MISTRAL_TEMPLATE = "/workspace/chat_templates/mistral-instruct.jinja";
  private static final String LLAMA_TEMPLATE = "/workspace/chat_templates/llama-3-instruct.jinja";

  private static final Map<String, String> PHI =
      Map.of("torch_dtype", "auto", "pipeline", TEXT_GENERATION, "trust_remote_code", "");
  private static final Map<String, String> MISTRAL =
      Map.of(
          "torch_dtype",
          "bfloat16",
          "pipeline",
          TEXT_GENERATION,
          "chat_template",
          MISTRAL_TEMPLATE,
          "allow_remote_files",
          "");
  private static final Map<String, String> GEMMA3 =
      Map.of("torch_dtype", "auto", "pipeline", TEXT_GENERATION, "allow_remote_files", "");
  private static final Map<String, String> QWEN =
      Map.of("torch_dtype", "bfloat16", "pipeline", TEXT_GENERATION);
  private static final Map<String, String> LLAMA =
      Map.of(
          "torch_dtype",
          "bfloat16",
          "pipeline",
          TEXT_GENERATION,
          "chat_template",
          LLAMA_TEMPLATE,
          "allow_remote_files",
          "");
  private static final Map<String, String> GPT_OSS =
      Map.of("torch_dtype", "auto", "pipeline", TEXT_GENERATION, "allow_remote_files", "");
  private static final Map<String, String> DEEPSEEK_DISTILL =
      Map.of("torch_dtype", "bfloat16", "pipeline", TEXT_GENERATION);
  private static final Map<String, String> DEEPSEEK_LARGE =
      Map.of("torch_dtype", "bfloat16", "pipeline", TEXT_GENERATION, "allow_remote_files", "");
  private static final Map<String, String> FALCON =
      Map.of("torch_dtype", "bfloat16", "pipeline", TEXT_GENERATION);

  /**
   * Models the transformers runtime serves, by KAITO short name. KAITO's own table also keys {@code
   * mistral-large-3-675b-instruct}, which matches no model (the short name ends in -2512), so that
   * model has no transformers entry here either.
   */
  static final Map<String, Map<String, String>> MODEL_FLAGS =
      Map.ofEntries(
          Map.entry("phi-4", PHI),
          Map.entry("phi-3-mini-4k-instruct", PHI),
          Map.entry("phi-3-mini-128k-instruct", PHI),
          Map.entry("phi-3-medium-4k-instruct", PHI),
          Map.entry("phi-3-medium-128k-instruct", PHI),
          Map.entry("phi-3.5-mini-instruct", PHI),
          Map.entry("mistral-7b-v0.3", MISTRAL),
          Map.entry("mistral-7b-instruct-v0.3", MISTRAL),
          Map.entry("gemma-3-4b-it", GEMMA3),
          Map.entry("gemma-3-27b-it", GEMMA3),
          Map.entry("qwen2.5-coder-7b-instruct", QWEN),
          Map.entry("qwen2.5-coder-32b-instruct", QWEN),
          Map.entry("llama-3.1-8b-instruct", LLAMA),
          Map.entry("llama-3.3-70b-instruct", LLAMA),
          Map.entry("gpt-oss-20b", GPT_OSS),
          Map.entry("gpt-oss-120b", GPT_OSS),
          Map.entry("deepseek-r1-distill-llama-8b", DEEPSEEK_DISTILL),
          Map.entry("deepseek-r1-distill-qwen-14b", DEEPSEEK_DISTILL),
          Map.entry("deepseek-r1-0528", DEEPSEEK_LARGE),
          Map.entry("deepseek-v3-0324", DEEPSEEK_LARGE),
          Map.entry("falcon-7b", FALCON),
          Map.entry("falcon-7b-instruct", FALCON),
          Map.entry("falcon-40b", FALCON),
          Map.entry("falcon-40b-instruct", FALCON));

  private TransformersCommand() {}

  /** The runtime has parameters for the model. */
  public static boolean supports(ModelPreset model) {
    return model != null && MODEL_FLAGS.containsKey(VllmCommand.servedModelName(model));
  }

  /** The container command: {@code /bin/sh -c <command line>}. */
  public static List<String> command(WorkloadContext ctx) {
    return List.of("/bin/sh", "-c", commandLine(ctx));
  }

  /** {@code accelerate launch <accelerate flags> /workspace/tfs/inference_api.py <model flags>}. */
  public static String commandLine(WorkloadContext ctx) {
    if (ctx.model() == null) {
      throw new IllegalArgumentException(
          "workspace " + ctx.name() + " has no preset: a custom template has no command");
    }
    return VllmCommand.withFlags(LAUNCHER, ACCELERATE_FLAGS)
        + " "
        + VllmCommand.withFlags(SERVER, modelFlags(ctx.model(), ctx.gpus()));
  }

  /**
   * The server's flags for a model, sorted by name.
   *
   * @throws IllegalArgumentException when the runtime has no parameters for the model (admission
   *     rejects such Workspaces)
   */
  public static SortedMap<String, String> modelFlags(ModelPreset model, GpuConfig gpus) {
    String name = VllmCommand.servedModelName(model);
    Map<String, String> family = MODEL_FLAGS.get(name);
    if (family == null) {
      throw new IllegalArgumentException(
          "model "
              + model.name()
              + " does not support inference with Huggingface Transformers runtime");
    }
    SortedMap<String, String> f = new TreeMap<>(family);
    if ("bfloat16".equals(f.get("torch_dtype")) && gpus != null && !gpus.supportsBfloat16()) {
      f.put("torch_dtype", "float16");
    }
    f.put("served_model_name", name);
    f.put("pretrained_model_name_or_path", model.modelId());
    if (model.revision() != null && !model.revision().isEmpty()) {
      f.put("revision", model.revision());
    }
    f.put("allow_remote_files", "");
    return f;
  }
}
