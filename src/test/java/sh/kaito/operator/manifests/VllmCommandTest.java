package sh.kaito.operator.manifests;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.PartitionMode;
import sh.kaito.operator.api.v1beta1.PartitionSpec;
import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.ModelPreset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sh.kaito.operator.manifests.InferenceFixtures.imageAdapter;
import static sh.kaito.operator.manifests.InferenceFixtures.preset;

/** The vLLM command lines: exact strings for the parallelism tiers and the conditional flags. */
class VllmCommandTest {
  private static final String SERVER = "python3 /workspace/vllm/inference_api.py";
  private static final String COMMON_TAIL =
      " --compilation-config.pass_config.fuse_allreduce_rms=False";
  private static final String KV_EVENTS = " --kv-events-config='{\"enable_kv_cache_events\":true}'";

  private static String phi4Mini(String sku) {
    return VllmCommand.commandLine(preset("phi4", "phi-4-mini-instruct").instanceType(sku).build());
  }

  @Test
  void phi4MiniOnOneA100RunsTensorParallelOne() {
    assertThat(phi4Mini("Standard_NC24ads_A100_v4"))
        .isEqualTo(
            SERVER
                + " --chat-template=/workspace/chat_templates/tool-chat-phi4-mini.jinja"
                + " --code-revision=c0fb9e74abda11b496b7907a9c6c9009a7a0488f"
                + COMMON_TAIL
                + " --download-dir=/workspace/weights"
                + " --dtype=bfloat16"
                + " --gpu-memory-utilization=0.84"
                + KV_EVENTS
                + " --max-model-len=auto"
                + " --model=microsoft/Phi-4-mini-instruct"
                + " --served-model-name=phi-4-mini-instruct"
                + " --tensor-parallel-size=1"
                + " --trust-remote-code");
  }

  @Test
  void containerCommandRunsTheLineThroughTheShell() {
    WorkloadContext ctx =
        preset("phi4", "phi-4-mini-instruct").instanceType("Standard_NC24ads_A100_v4").build();

    assertThat(VllmCommand.command(ctx))
        .containsExactly("/bin/sh", "-c", VllmCommand.commandLine(ctx));
  }

  @Test
  void modelLargerThanHalfAGpuIsShardedOverTheNodesGpus() {
    String cmd =
        VllmCommand.commandLine(
            preset("coder", "qwen2.5-coder-32b-instruct")
                .instanceType("Standard_NC48ads_A100_v4")
                .build());

    assertThat(cmd)
        .isEqualTo(
            SERVER
                + " --chat-template=/workspace/chat_templates/tool-chat-hermes.jinja"
                + " --code-revision=381fc969f78efac66bc87ff7ddeadb7e73c218a7"
                + COMMON_TAIL
                + " --download-dir=/workspace/weights"
                + " --dtype=bfloat16"
                + " --enable-auto-tool-choice"
                + " --gpu-memory-utilization=0.84"
                + KV_EVENTS
                + " --max-model-len=auto"
                + " --model=Qwen/Qwen2.5-Coder-32B-Instruct"
                + " --served-model-name=qwen2.5-coder-32b-instruct"
                + " --tensor-parallel-size=2"
                + " --tool-call-parser=hermes"
                + " --trust-remote-code");
  }

  @Test
  void smallModelOnAMultiGpuNodeRunsOneCopyPerGpu() {
    assertThat(phi4Mini("Standard_NC48ads_A100_v4"))
        .isEqualTo(
            SERVER
                + " --chat-template=/workspace/chat_templates/tool-chat-phi4-mini.jinja"
                + " --code-revision=c0fb9e74abda11b496b7907a9c6c9009a7a0488f"
                + COMMON_TAIL
                + " --data-parallel-size=2"
                + " --download-dir=/workspace/weights"
                + " --dtype=bfloat16"
                + " --gpu-memory-utilization=0.84"
                + " --kaito-kv-cache-cpu-memory-utilization=0"
                + KV_EVENTS
                + " --max-model-len=auto"
                + " --model=microsoft/Phi-4-mini-instruct"
                + " --served-model-name=phi-4-mini-instruct"
                + " --tensor-parallel-size=1"
                + " --trust-remote-code");
  }

  @Test
  void dataParallelNeedsWeightsBelowHalfOfOneGpu() {
    ModelPreset phi4Mini = InferenceFixtures.model("phi-4-mini-instruct"); // 7.15Gi
    GpuConfig twoOf14 = new GpuConfig("NVIDIA X", 2, (long) (14.3 * ByteQuantity.GI), null);
    GpuConfig twoOf15 = new GpuConfig("NVIDIA X", 2, 15 * ByteQuantity.GI, null);

    assertThat(VllmCommand.fitsOnHalfAGpu(phi4Mini, twoOf14, 2)).isFalse();
    assertThat(VllmCommand.fitsOnHalfAGpu(phi4Mini, twoOf15, 2)).isTrue();
    assertThat(VllmCommand.fitsOnHalfAGpu(phi4Mini, null, 2)).isFalse();
  }

  @Test
  void unknownNodeServesWithOneGpuAndNoDataParallelism() {
    var flags = VllmCommand.flags(preset("phi4", "phi-4-mini-instruct").gpus(null).build());

    assertThat(flags)
        .containsEntry("tensor-parallel-size", "1")
        .doesNotContainKey("data-parallel-size");
    assertThat(flags).containsEntry("gpu-memory-utilization", "0.84");
  }

  @Test
  void twoNodesRunPipelineParallelOverARayCluster() {
    String cmd =
        VllmCommand.commandLine(
            preset("llama", "llama-3.3-70b-instruct")
                .instanceType("Standard_NC48ads_A100_v4")
                .nodes(2)
                .build());

    String server =
        SERVER
            + " --chat-template=/workspace/chat_templates/tool-chat-llama3.1-json.jinja"
            + " --code-revision=6f6073b423013f6a7d4d9f39144961bfbfbc386b"
            + COMMON_TAIL
            + " --distributed-executor-backend=ray"
            + " --download-dir=/workspace/weights"
            + " --dtype=bfloat16"
            + " --enable-auto-tool-choice"
            + " --gpu-memory-utilization=0.84"
            + " --kaito-kv-cache-cpu-memory-utilization=0"
            + KV_EVENTS
            + " --max-model-len=auto"
            + " --model=meta-llama/Llama-3.3-70B-Instruct"
            + " --pipeline-parallel-size=2"
            + " --served-model-name=llama-3.3-70b-instruct"
            + " --tensor-parallel-size=2"
            + " --tool-call-parser=llama3_json"
            + " --trust-remote-code";
    assertThat(cmd)
        .isEqualTo(
            "if [ \"${POD_INDEX}\" = \"0\" ]; then"
                + " /workspace/vllm/multi-node-serving.sh leader --ray_cluster_size=2"
                + " --ray_port=6379; "
                + server
                + "; else /workspace/vllm/multi-node-serving.sh worker"
                + " --ray_address=llama-0.llama-headless.team-a.svc.cluster.local"
                + " --ray_port=6379; fi");
  }

  @Test
  void smallModelOnSeveralNodesStillUsesPipelineNotDataParallelism() {
    var flags =
        VllmCommand.flags(
            preset("phi4", "phi-4-mini-instruct")
                .instanceType("Standard_NC48ads_A100_v4")
                .nodes(3)
                .build());

    assertThat(flags)
        .doesNotContainKey("data-parallel-size")
        .containsEntry("tensor-parallel-size", "2")
        .containsEntry("pipeline-parallel-size", "3");
  }

  @Test
  void transformersIsNeverDistributed() {
    WorkloadContext ctx =
        preset("phi4", "phi-4")
            .instanceType("Standard_NC24ads_A100_v4")
            .runtime(InferenceRuntime.TRANSFORMERS)
            .nodes(2)
            .build();

    assertThat(VllmCommand.distributed(ctx)).isFalse();
  }

  @Test
  void adaptersEnableLora() {
    var b = preset("phi4", "phi-4-mini-instruct").instanceType("Standard_NC24ads_A100_v4");
    String without = VllmCommand.commandLine(b.build());
    String with =
        VllmCommand.commandLine(
            b.adapter(imageAdapter("pycoder", "myregistry.azurecr.io/pycoder:1", null)).build());

    assertThat(without).doesNotContain("--enable-lora");
    assertThat(with)
        .contains(" --dtype=bfloat16 --enable-lora --gpu-memory-utilization=0.84")
        .isEqualTo(without.replace(" --gpu-memory", " --enable-lora --gpu-memory"));
  }

  @Test
  void inferenceConfigPointsTheServerAtTheMountedFile() {
    String cmd =
        VllmCommand.commandLine(
            preset("phi4", "phi-4-mini-instruct")
                .instanceType("Standard_NC24ads_A100_v4")
                .config("my-config", Map.of("gpu-memory-utilization", "0.9"))
                .build());

    assertThat(cmd)
        .contains(" --kaito-config-file=/mnt/config/inference_config.yaml ")
        .contains(" --max-model-len=auto ");
  }

  @Test
  void maxModelLenInTheConfigReplacesAuto() {
    for (String key : List.of("max-model-len", "max_model_len")) {
      String cmd =
          VllmCommand.commandLine(
              preset("phi4", "phi-4-mini-instruct")
                  .instanceType("Standard_NC24ads_A100_v4")
                  .config("my-config", Map.of(key, "8192"))
                  .build());

      assertThat(cmd).doesNotContain("max-model-len").contains("--kaito-config-file=");
    }
  }

  @ParameterizedTest
  @CsvSource({"throughput,true", "interactivity,true", "balanced,false"})
  void performanceModeOtherThanBalancedIsPassedOn(String mode, boolean passed) {
    String cmd =
        VllmCommand.commandLine(
            preset("phi4", "phi-4-mini-instruct")
                .instanceType("Standard_NC24ads_A100_v4")
                .annotation(KaitoApi.ANNOTATION_PERFORMANCE_MODE, mode)
                .build());

    if (passed) {
      assertThat(cmd).contains(" --performance-mode=" + mode + " ");
    } else {
      assertThat(cmd).doesNotContain("--performance-mode");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "Standard_NV36ads_A10_v5,0.82",
    "Standard_NV72ads_A10_v5,0.82",
    "Standard_NC24ads_A100_v4,0.84",
    "Standard_NC80adis_H100_v5,0.84"
  })
  void a10GetsMoreMemoryHeadroom(String sku, String utilization) {
    assertThat(VllmCommand.flags(preset("phi4", "phi-4-mini-instruct").instanceType(sku).build()))
        .containsEntry("gpu-memory-utilization", utilization);
  }

  @Test
  void a10IsRecognisedByItsFeatureDiscoveryLabelToo() {
    assertThat(VllmCommand.isA10("NVIDIA-A10")).isTrue();
    assertThat(VllmCommand.isA10("NVIDIA A10")).isTrue();
    assertThat(VllmCommand.isA10("NVIDIA-A100-SXM4-80GB")).isFalse();
    assertThat(VllmCommand.isA10("NVIDIA A10G")).isFalse();
  }

  @Test
  void quantizedModelsLetVllmChooseTheDtype() {
    assertThat(
            VllmCommand.flags(
                preset("oss", "gpt-oss-20b").instanceType("Standard_NC24ads_A100_v4").build()))
        .containsEntry("dtype", "auto");
  }

  @Test
  void gpusWithoutBfloat16RunFloat16() {
    var flags =
        VllmCommand.flags(
            preset("phi3", "phi-3-mini-4k-instruct").instanceType("Standard_NC6s_v3").build());

    assertThat(flags).containsEntry("dtype", "float16");
  }

  @ParameterizedTest
  @CsvSource({
    "gpt-oss-20b,true",
    "qwen/qwen3.5-9b,true",
    "google/gemma-4-e4b-it,true",
    "nvidia/nvidia-nemotron-nano-9b-v2,true",
    "phi-4,false",
    "llama-3.1-8b-instruct,false"
  })
  void cpuKvOffloadIsOffForHybridKvAndGptOss(String model, boolean off) {
    var flags =
        VllmCommand.flags(
            preset("ws", model).instanceType("Standard_NC80adis_H100_v5").gpus(oneH100()).build());

    if (off) {
      assertThat(flags).containsEntry("kaito-kv-cache-cpu-memory-utilization", "0");
    } else {
      assertThat(flags).doesNotContainKey("kaito-kv-cache-cpu-memory-utilization");
    }
  }

  @Test
  void migSliceServesOnOneDeviceWithoutCpuKvOffload() {
    var flags =
        VllmCommand.flags(
            preset("phi4", "phi-4-mini-instruct")
                .instanceType("Standard_NC48ads_A100_v4")
                .partition(new PartitionSpec(PartitionMode.MIG, "3g.40gb", null))
                .build());

    assertThat(flags)
        .containsEntry("tensor-parallel-size", "1")
        .containsEntry("kaito-kv-cache-cpu-memory-utilization", "0")
        .doesNotContainKey("data-parallel-size");
  }

  @Test
  void catalogRuntimeFlagsAreAddedAndTheirDtypeWins() {
    var flags =
        VllmCommand.flags(
            preset("mistral", "mistral-7b-instruct")
                .instanceType("Standard_NC24ads_A100_v4")
                .build());

    assertThat(flags)
        .containsEntry("load-format", "mistral")
        .containsEntry("config-format", "mistral")
        .containsEntry("tokenizer-mode", "mistral")
        .containsEntry("tool-call-parser", "mistral")
        .containsEntry("served-model-name", "mistral-7b-instruct-v0.3")
        .containsEntry("code-revision", "e0bc86c23ce5aae1db576c8cca6f06f1f73af2db");
    var deepseek =
        VllmCommand.flags(
            preset("ds", "deepseek-ai/deepseek-v4-flash-0731")
                .instanceType("Standard_ND96isr_H100_v5")
                .build());
    assertThat(deepseek)
        .containsEntry("dtype", "auto")
        .containsEntry("kv-cache-dtype", "fp8")
        .containsEntry("served-model-name", "deepseek-v4-flash-0731")
        .doesNotContainKey("code-revision");
  }

  @Test
  void servedModelNameIsKaitosShortNameOrTheInferenceSet() {
    assertThat(VllmCommand.servedModelName(InferenceFixtures.model("gemma-3-4b-instruct")))
        .isEqualTo("gemma-3-4b-it");
    assertThat(VllmCommand.servedModelName(InferenceFixtures.model("qwen/qwen3.5-9b")))
        .isEqualTo("qwen3.5-9b");

    WorkloadContext child =
        preset("chat-abc12", "phi-4")
            .label("inferenceset.kaito.sh/created-by", "chat")
            .instanceType("Standard_NC24ads_A100_v4")
            .build();
    assertThat(VllmCommand.flags(child)).containsEntry("served-model-name", "chat");
  }

  @Test
  void flagsAreSortedByNameForEveryCatalogModel() {
    for (ModelPreset model : InferenceFixtures.allModels()) {
      if (model.deprecated()) {
        continue;
      }
      String cmd =
          VllmCommand.commandLine(
              preset("ws", model.name())
                  .instanceType("Standard_ND96isr_H100_v5")
                  .adapter(imageAdapter("a", "myregistry.azurecr.io/a:1", null))
                  .config("cfg", Map.of())
                  .annotation(KaitoApi.ANNOTATION_PERFORMANCE_MODE, "throughput")
                  .build());

      List<String> names = flagNames(cmd);
      assertThat(names).as(model.name()).isSorted().doesNotHaveDuplicates();
      assertThat(cmd)
          .as(model.name())
          .startsWith(SERVER + " --")
          .contains(" --model=" + model.modelId() + " ")
          .contains(" --served-model-name=" + VllmCommand.servedModelName(model) + " ")
          .contains(" --trust-remote-code");
    }
  }

  @Test
  void sameInputGivesTheSameCommand() {
    var b =
        preset("llama", "llama-3.3-70b-instruct")
            .instanceType("Standard_NC48ads_A100_v4")
            .nodes(2)
            .config("cfg", Map.of("max-model-len", "4096"));

    assertThat(VllmCommand.command(b.build())).isEqualTo(VllmCommand.command(b.build()));
  }

  @Test
  void deepGemmIsRequiredOnlyByItsArchitectures() {
    assertThat(VllmCommand.requiresDeepGemm(InferenceFixtures.model("deepseek-ai/deepseek-v3.2")))
        .isTrue();
    assertThat(VllmCommand.requiresDeepGemm(InferenceFixtures.model("zai-org/glm-5.2-fp8")))
        .isTrue();
    assertThat(VllmCommand.requiresDeepGemm(InferenceFixtures.model("deepseek-r1-0528"))).isFalse();
  }

  @Test
  void aTemplateWorkspaceHasNoVllmCommand() {
    WorkloadContext ctx =
        InferenceFixtures.template(
                "custom",
                new PodTemplateSpecBuilder()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("c")
                    .withImage("nginx")
                    .endContainer()
                    .endSpec()
                    .build())
            .build();

    assertThatThrownBy(() -> VllmCommand.commandLine(ctx))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("custom");
  }

  private static GpuConfig oneH100() {
    return new GpuConfig("NVIDIA H100", 1, 94 * ByteQuantity.GI, new BigDecimal("9.0"));
  }

  private static List<String> flagNames(String cmd) {
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile(" --([^= ]+)").matcher(cmd);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
