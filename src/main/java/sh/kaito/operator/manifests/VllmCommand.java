package sh.kaito.operator.manifests;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.ModelPreset;

/**
 * The command line of KAITO's vLLM server ({@code /workspace/vllm/inference_api.py} in the {@code
 * kaito-base} image) for a preset, and the Ray wrapper that spreads it over several nodes.
 *
 * <p>Flags are written as {@code --name} (switch) or {@code --name=value} and sorted by name, so
 * the same Workspace always yields the same command (KAITO builds them from a Go map, in random
 * order; the server does not care about the order).
 *
 * <p>What the command holds:
 *
 * <ul>
 *   <li>the model source: {@code --model=<HF repo>}, {@code --code-revision} when the catalog pins
 *       a commit, {@code --download-dir=/workspace/weights};
 *   <li>always: {@code --served-model-name}, {@code --gpu-memory-utilization} (0.84, 0.82 on A10),
 *       {@code --kv-events-config}, {@code
 *       --compilation-config.pass_config.fuse_allreduce_rms=False}, {@code --trust-remote-code},
 *       {@code --dtype} and the model's catalog {@code runtimeFlags};
 *   <li>{@code --max-model-len=auto}, unless the inference ConfigMap sets {@code max-model-len}:
 *       the server then takes it from {@code --kaito-config-file};
 *   <li>{@code --enable-lora} with adapters, {@code --kaito-config-file} with {@code
 *       inference.config}, {@code --performance-mode} for a mode other than balanced;
 *   <li>parallelism in three tiers: data parallelism when the weights take less than half of one
 *       GPU of a multi-GPU node, else tensor parallelism over the node's GPUs, plus pipeline
 *       parallelism over the nodes with the Ray backend when the workload spans several nodes;
 *   <li>{@code --kaito-kv-cache-cpu-memory-utilization=0} (no LMCache CPU offload) for hybrid-KV
 *       architectures, gpt-oss, MIG slices, data parallelism and pipeline parallelism.
 * </ul>
 *
 * <p>Left out on purpose, each a KAITO feature this operator does not offer:
 *
 * <ul>
 *   <li>model streaming ({@code --model=az://...}, {@code --load-format=runai_streamer}, {@code
 *       --model-loader-extra-config}): needs the ModelMirror CRD and blob storage;
 *   <li>node-local weights ({@code kaito.sh/use-local-weights}, {@code
 *       --model=/opt/kaito/models/...} from a hostPath): needs custom node images;
 *   <li>prefill/decode disaggregation roles ({@code --port=5001} for decode pods, the routing
 *       sidecar): needs MultiRoleInference;
 *   <li>the CUDA-toolkit provisioner init container and {@code CUDA_HOME} for models whose kernels
 *       are JIT-compiled with nvcc (DeepSeek V3.2/V4, GLM-5.2, Mistral-Small-4): those models need
 *       nodes that already ship a CUDA toolkit;
 *   <li>the benchmark startup probe ({@code benchmark_entrypoint.py}) and its status metrics: the
 *       startup probe is the plain {@code /health} check.
 * </ul>
 *
 * <p>Changed from KAITO: the generator's {@code --load_format=auto}, {@code --config_format=auto}
 * and {@code --tokenizer_mode=auto} are not written (they are vLLM's defaults; models that need
 * another value carry it in their runtimeFlags), and {@code --dtype} is {@code float16} instead of
 * {@code bfloat16} on GPUs without bfloat16 (compute capability below 8.0), which KAITO does not
 * support at all. {@code --code-revision} is written whenever the catalog pins a commit; KAITO
 * v0.12 builds its catalog models without one, so it never writes it for them (vLLM uses it only
 * for remote code, not for the weights).
 */
public final class VllmCommand {
  /** The vLLM server of the runtime image. */
  public static final String SERVER = "python3 /workspace/vllm/inference_api.py";

  public static final String RAY_LEADER = "/workspace/vllm/multi-node-serving.sh leader";
  public static final String RAY_WORKER = "/workspace/vllm/multi-node-serving.sh worker";

  /** Port of the Ray head; also on the Service. */
  public static final int RAY_PORT = 6379;

  /** Where the server downloads the weights; the model-weights volume is mounted there. */
  public static final String WEIGHTS_DIR = "/workspace/weights";

  /** Directory of the user's inference ConfigMap. */
  public static final String CONFIG_DIR = "/mnt/config";

  public static final String CONFIG_FILE = CONFIG_DIR + "/inference_config.yaml";

  static final String DEFAULT_GPU_MEMORY_UTILIZATION = "0.84";

  /** The A10 runs out of memory at 0.84 (CUDA graphs and sampler need more headroom). */
  static final String A10_GPU_MEMORY_UTILIZATION = "0.82";

  static final String KV_EVENTS_CONFIG = "'{\"enable_kv_cache_events\":true}'";

  /**
   * Architectures that need vLLM's hybrid KV-cache manager, which the LMCache CPU-offload connector
   * does not support.
   */
  static final Set<String> HYBRID_KV_ARCHITECTURES =
      Set.of(
          "NemotronHForCausalLM",
          "NemotronH_Nano_VL_V2",
          "NemotronHMTPModel",
          "NemotronHPuzzleForCausalLM",
          "Gemma4ForCausalLM",
          "Gemma4ForConditionalGeneration",
          "Gemma4UnifiedForConditionalGeneration",
          "Qwen3_5ForConditionalGeneration",
          "Qwen3_5MoeForConditionalGeneration",
          "DeepseekV4ForCausalLM",
          "DeepseekV32ForCausalLM");

  /** Architectures on which LMCache crashes vLLM when a request is aborted. */
  static final Set<String> LMCACHE_DISABLED_ARCHITECTURES = Set.of("GptOssForCausalLM");

  /** Architectures whose FP8 GEMMs need DeepGEMM ({@code VLLM_USE_DEEP_GEMM=1}). */
  static final Set<String> DEEP_GEMM_ARCHITECTURES =
      Set.of("DeepseekV4ForCausalLM", "DeepseekV32ForCausalLM", "GlmMoeDsaForCausalLM");

  /** Label KAITO's InferenceSet puts on the Workspaces it creates. */
  static final String LABEL_INFERENCESET_CREATED_BY = "inferenceset.kaito.sh/created-by";

  private VllmCommand() {}

  /** The container command: {@code /bin/sh -c <command line>}. */
  public static List<String> command(WorkloadContext ctx) {
    return List.of("/bin/sh", "-c", commandLine(ctx));
  }

  /**
   * The shell command line: the server with its flags on one node, or the Ray leader/worker wrapper
   * when the workload spans several nodes.
   */
  public static String commandLine(WorkloadContext ctx) {
    String server = withFlags(SERVER, flags(ctx));
    if (!distributed(ctx)) {
      return server;
    }
    SortedMap<String, String> leader = new TreeMap<>();
    leader.put("ray_cluster_size", Integer.toString(ctx.nodeCount()));
    leader.put("ray_port", Integer.toString(RAY_PORT));
    SortedMap<String, String> worker = new TreeMap<>();
    worker.put("ray_address", leaderAddress(ctx.ws()));
    worker.put("ray_port", Integer.toString(RAY_PORT));
    return "if [ \"${POD_INDEX}\" = \"0\" ]; then "
        + withFlags(RAY_LEADER, leader)
        + "; "
        + server
        + "; else "
        + withFlags(RAY_WORKER, worker)
        + "; fi";
  }

  /** The server's flags, without the leading dashes, sorted by name ("" for a switch). */
  public static SortedMap<String, String> flags(WorkloadContext ctx) {
    ModelPreset model = requireModel(ctx);
    Workspace ws = ctx.ws();
    SortedMap<String, String> f = new TreeMap<>();

    f.put("trust-remote-code", "");
    f.put("dtype", defaultDtype(model, ctx.gpus()));
    if (model.runtimeFlags() != null) {
      f.putAll(model.runtimeFlags());
    }

    f.put("model", model.modelId());
    if (model.revision() != null && !model.revision().isEmpty()) {
      f.put("code-revision", model.revision());
    }
    f.put("download-dir", WEIGHTS_DIR);
    f.put("served-model-name", servedModelName(ctx));
    if (!configSetsMaxModelLen(ctx.inferenceConfig())) {
      f.put("max-model-len", "auto");
    }
    f.put("gpu-memory-utilization", gpuMemoryUtilization(ctx.gpus()));
    f.putIfAbsent("kv-events-config", KV_EVENTS_CONFIG);
    // vLLM's allreduce+RMSNorm fusion JIT-compiles with nvcc, which the runtime image lacks.
    f.put("compilation-config.pass_config.fuse_allreduce_rms", "False");

    InferenceSpec inference = ws.getInference();
    if (inference != null && !inference.adaptersOrEmpty().isEmpty()) {
      f.put("enable-lora", "");
    }
    if (hasConfig(ws)) {
      f.put("kaito-config-file", CONFIG_FILE);
    }
    String mode = performanceMode(ws);
    if (mode != null && !mode.isEmpty() && !"balanced".equals(mode)) {
      f.put("performance-mode", mode);
    }

    if (anyArchitecture(model, HYBRID_KV_ARCHITECTURES)
        || anyArchitecture(model, LMCACHE_DISABLED_ARCHITECTURES)
        || InferenceManifests.isMig(ws)) {
      f.put("kaito-kv-cache-cpu-memory-utilization", "0");
    }
    parallelism(ctx, model, f);
    return f;
  }

  /** Writes the parallelism flags of the tier the model falls in. */
  private static void parallelism(
      WorkloadContext ctx, ModelPreset model, SortedMap<String, String> f) {
    int gpus = InferenceManifests.gpuCount(ctx);
    boolean multiNode = distributed(ctx);
    if (!multiNode && fitsOnHalfAGpu(model, ctx.gpus(), gpus)) {
      // Tier 1: every GPU serves a whole copy. LMCache offload conflicts with data parallelism.
      f.put("data-parallel-size", Integer.toString(gpus));
      f.put("tensor-parallel-size", "1");
      f.put("kaito-kv-cache-cpu-memory-utilization", "0");
      return;
    }
    // Tier 2: shard over the node's GPUs.
    f.put("tensor-parallel-size", Integer.toString(gpus));
    if (multiNode) {
      // Tier 3: one pipeline stage per node; LMCache has no cross-node PP offload.
      f.put("pipeline-parallel-size", Integer.toString(ctx.nodeCount()));
      f.put("distributed-executor-backend", "ray");
      f.put("kaito-kv-cache-cpu-memory-utilization", "0");
    }
  }

  /**
   * Weights below half the memory of one GPU, on a node with more than one GPU: data parallelism
   * pays off. Unknown GPUs never qualify.
   */
  static boolean fitsOnHalfAGpu(ModelPreset model, GpuConfig gpus, int gpuCount) {
    if (gpus == null || gpuCount <= 1 || model.weights() == null) {
      return false;
    }
    return model.weightsBytes() * 2 < gpus.memoryPerGpuBytes();
  }

  /**
   * The workload spans several nodes with one Ray cluster: vLLM and more than one node. (Every
   * catalog model supports distributed inference.)
   */
  public static boolean distributed(WorkloadContext ctx) {
    return isVllm(ctx) && ctx.model() != null && ctx.nodeCount() > 1;
  }

  /** vLLM serves the Workspace: KAITO's default runtime, unless transformers was chosen. */
  public static boolean isVllm(WorkloadContext ctx) {
    return ctx.runtime() != InferenceRuntime.TRANSFORMERS;
  }

  /** DNS name of pod 0 through the headless Service: the Ray head. */
  public static String leaderAddress(Workspace ws) {
    String name = ws.getMetadata().getName();
    return name
        + "-0."
        + name
        + "-headless."
        + ws.getMetadata().getNamespace()
        + ".svc.cluster.local";
  }

  /**
   * The model name clients use in the OpenAI API: the InferenceSet's name for Workspaces an
   * InferenceSet created, else the model's short name.
   */
  public static String servedModelName(WorkloadContext ctx) {
    Map<String, String> labels = ctx.ws().getMetadata().getLabels();
    String inferenceSet = labels == null ? null : labels.get(LABEL_INFERENCESET_CREATED_BY);
    if (inferenceSet != null && !inferenceSet.isEmpty()) {
      return inferenceSet;
    }
    return servedModelName(requireModel(ctx));
  }

  /**
   * KAITO's short name of a model, which both runtimes serve it under: the last segment of the
   * HuggingFace ID in lower case ({@code google/gemma-3-4b-it} is served as {@code gemma-3-4b-it},
   * also when the Workspace asked for its alias {@code gemma-3-4b-instruct}).
   */
  public static String servedModelName(ModelPreset model) {
    String id = model.modelId();
    return id.substring(id.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }

  /** Models whose FP8 kernels need DeepGEMM: the container gets {@code VLLM_USE_DEEP_GEMM=1}. */
  public static boolean requiresDeepGemm(ModelPreset model) {
    return model != null && anyArchitecture(model, DEEP_GEMM_ARCHITECTURES);
  }

  static String gpuMemoryUtilization(GpuConfig gpus) {
    if (gpus != null && isA10(gpus.product())) {
      return A10_GPU_MEMORY_UTILIZATION;
    }
    return DEFAULT_GPU_MEMORY_UTILIZATION;
  }

  /**
   * The A10 by its catalog name ({@code NVIDIA A10}) or GPU Feature Discovery label ({@code
   * NVIDIA-A10}); not the A100 or the AWS A10G.
   */
  static boolean isA10(String product) {
    if (product == null) {
      return false;
    }
    String p = product.trim().toUpperCase(Locale.ROOT).replace('-', ' ').replace('_', ' ');
    return p.equals("NVIDIA A10") || p.equals("A10");
  }

  /**
   * bfloat16, {@code auto} for quantized weights, float16 on GPUs without bfloat16. A {@code dtype}
   * in the model's runtimeFlags replaces this.
   */
  static String defaultDtype(ModelPreset model, GpuConfig gpus) {
    if (model.quantization() != null) {
      return "auto";
    }
    return gpus != null && !gpus.supportsBfloat16() ? "float16" : "bfloat16";
  }

  static boolean configSetsMaxModelLen(Map<String, String> inferenceConfig) {
    return inferenceConfig != null
        && (inferenceConfig.containsKey("max-model-len")
            || inferenceConfig.containsKey("max_model_len"));
  }

  static boolean hasConfig(Workspace ws) {
    return ws.getInference() != null
        && ws.getInference().config() != null
        && !ws.getInference().config().isEmpty();
  }

  static String performanceMode(Workspace ws) {
    Map<String, String> annotations = ws.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(KaitoApi.ANNOTATION_PERFORMANCE_MODE);
  }

  private static boolean anyArchitecture(ModelPreset model, Set<String> architectures) {
    return model.architectures() != null
        && model.architectures().stream().anyMatch(architectures::contains);
  }

  /** {@code base --a --b=1 ...} in the order of the map. */
  static String withFlags(String base, SortedMap<String, String> flags) {
    StringBuilder sb = new StringBuilder(base);
    flags.forEach(
        (name, value) -> {
          sb.append(" --").append(name);
          if (value != null && !value.isEmpty()) {
            sb.append('=').append(value);
          }
        });
    return sb.toString();
  }

  private static ModelPreset requireModel(WorkloadContext ctx) {
    if (ctx.model() == null) {
      throw new IllegalArgumentException(
          "workspace " + ctx.name() + " has no preset: a custom template has no vLLM command");
    }
    return ctx.model();
  }
}
