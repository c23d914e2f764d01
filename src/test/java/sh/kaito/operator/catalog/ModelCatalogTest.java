package sh.kaito.operator.catalog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCatalogTest {
  private static final List<String> PHI3_TARGET_MODULES =
      List.of("k_proj", "q_proj", "v_proj", "o_proj", "gate_proj", "down_proj", "up_proj");

  /** KAITO v0.12's legacy short names and the HuggingFace IDs they stand for. */
  private static final Map<String, String> LEGACY_ALIASES =
      Map.ofEntries(
          Map.entry("phi-4", "microsoft/phi-4"),
          Map.entry("phi-4-mini-instruct", "microsoft/Phi-4-mini-instruct"),
          Map.entry("llama-3.1-8b-instruct", "meta-llama/Llama-3.1-8B-Instruct"),
          Map.entry("llama-3.3-70b-instruct", "meta-llama/Llama-3.3-70B-Instruct"),
          Map.entry("deepseek-r1-distill-llama-8b", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"),
          Map.entry("deepseek-r1-distill-qwen-14b", "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B"),
          Map.entry("deepseek-r1-0528", "deepseek-ai/DeepSeek-R1-0528"),
          Map.entry("deepseek-v3-0324", "deepseek-ai/DeepSeek-V3-0324"),
          Map.entry("phi-3-mini-4k-instruct", "microsoft/Phi-3-mini-4k-instruct"),
          Map.entry("phi-3-mini-128k-instruct", "microsoft/Phi-3-mini-128k-instruct"),
          Map.entry("phi-3-medium-4k-instruct", "microsoft/Phi-3-medium-4k-instruct"),
          Map.entry("phi-3-medium-128k-instruct", "microsoft/Phi-3-medium-128k-instruct"),
          Map.entry("phi-3.5-mini-instruct", "microsoft/Phi-3.5-mini-instruct"),
          Map.entry("qwen2.5-coder-7b-instruct", "Qwen/Qwen2.5-Coder-7B-Instruct"),
          Map.entry("qwen2.5-coder-32b-instruct", "Qwen/Qwen2.5-Coder-32B-Instruct"),
          Map.entry("gpt-oss-20b", "openai/gpt-oss-20b"),
          Map.entry("gpt-oss-120b", "openai/gpt-oss-120b"),
          Map.entry("gemma-3-4b-instruct", "google/gemma-3-4b-it"),
          Map.entry("gemma-3-27b-instruct", "google/gemma-3-27b-it"),
          Map.entry("mistral-7b", "mistralai/Mistral-7B-v0.3"),
          Map.entry("mistral-7b-instruct", "mistralai/Mistral-7B-Instruct-v0.3"),
          Map.entry("ministral-3-3b-instruct", "mistralai/Ministral-3-3B-Instruct-2512"),
          Map.entry("ministral-3-8b-instruct", "mistralai/Ministral-3-8B-Instruct-2512"),
          Map.entry("ministral-3-14b-instruct", "mistralai/Ministral-3-14B-Instruct-2512"),
          Map.entry(
              "mistral-large-3-675b-instruct", "mistralai/Mistral-Large-3-675B-Instruct-2512"));

  private static ModelCatalog catalog;

  @BeforeAll
  static void loadShippedCatalog() {
    catalog = ModelCatalog.load();
  }

  private static ModelPreset get(String nameOrId) {
    return catalog.find(nameOrId).orElseThrow(() -> new AssertionError("not found: " + nameOrId));
  }

  // ---- the shipped file ----

  @Test
  void shippedCatalogHoldsTheV012ModelsAndTheLegacyOnes() {
    List<ModelPreset> all = catalog.all();
    assertThat(all.stream().filter(p -> !p.legacy())).hasSize(60);
    assertThat(all.stream().filter(ModelPreset::legacy).map(ModelPreset::name))
        .containsExactlyInAnyOrder(
            "falcon-7b", "falcon-7b-instruct", "falcon-40b", "falcon-40b-instruct", "phi-2");
    assertThat(catalog.supportedNames()).hasSize(64).doesNotContain("phi-2");
  }

  @Test
  void everyShippedEntryIsUsable() {
    for (ModelPreset p : catalog.all()) {
      assertThat(p.weightsBytes()).as(p.modelId()).isGreaterThan(ByteQuantity.GI);
      assertThat(p.diskBytes()).as(p.modelId()).isGreaterThan(p.weightsBytes());
      assertThat(p.kvCacheBytesPerToken()).as(p.modelId()).isPositive();
      assertThat(p.supportsRuntime(InferenceRuntime.VLLM)).as(p.modelId()).isTrue();
      assertThat(p.contextLength()).as(p.modelId()).isGreaterThanOrEqualTo(2048);
      assertThat(catalog.find(p.modelId())).as(p.modelId()).containsSame(p);
      assertThat(catalog.find(p.name())).as(p.name()).containsSame(p);
    }
  }

  @Test
  void namesAreAliasesOrLowerCasedModelIds() {
    for (ModelPreset p : catalog.all()) {
      if (p.name().contains("/")) {
        assertThat(p.name()).isEqualTo(p.modelId().toLowerCase(java.util.Locale.ROOT));
      }
    }
    assertThat(get("Qwen/Qwen3-8B-AWQ").name()).isEqualTo("qwen/qwen3-8b-awq");
  }

  @Test
  void everyLegacyAliasResolvesToItsModel() {
    LEGACY_ALIASES.forEach(
        (alias, modelId) -> {
          ModelPreset p = get(alias);
          assertThat(p.name()).isEqualTo(alias);
          assertThat(p.modelId()).isEqualTo(modelId);
          assertThat(p.revision()).as(alias).matches("[0-9a-f]{40}");
        });
  }

  // ---- lookups ----

  @Test
  void findsByAliasAndByModelIdIgnoringCase() {
    ModelPreset byAlias = get("phi-3-mini-128k-instruct");
    assertThat(byAlias.modelId()).isEqualTo("microsoft/Phi-3-mini-128k-instruct");
    assertThat(catalog.find("microsoft/Phi-3-mini-128k-instruct")).containsSame(byAlias);
    assertThat(catalog.find("microsoft/phi-3-mini-128k-instruct")).containsSame(byAlias);
    assertThat(catalog.find("PHI-3-MINI-128K-INSTRUCT")).containsSame(byAlias);

    ModelPreset phi4 = get("MICROSOFT/PHI-4");
    assertThat(phi4.name()).isEqualTo("phi-4");
    assertThat(catalog.find(" phi-4 ")).containsSame(phi4);

    assertThat(get("NVIDIA/nvidia-nemotron-nano-9b-v2").modelId())
        .isEqualTo("nvidia/NVIDIA-Nemotron-Nano-9B-v2");
  }

  @Test
  void unknownNamesAreNotFound() {
    assertThat(catalog.find("phi-5")).isEmpty();
    assertThat(catalog.find("gemma-3-4b-it")).isEmpty(); // only the full ID or the alias
    assertThat(catalog.find("")).isEmpty();
    assertThat(catalog.find(null)).isEmpty();
    assertThat(catalog.findSupported(null)).isEmpty();
  }

  @Test
  void phi2IsKnownButDeprecated() {
    ModelPreset phi2 = get("phi-2");
    assertThat(phi2.deprecated()).isTrue();
    assertThat(phi2.modelId()).isEqualTo("microsoft/phi-2");
    assertThat(catalog.find("microsoft/phi-2")).containsSame(phi2);
    assertThat(catalog.findSupported("phi-2")).isEmpty();
    assertThat(catalog.findSupported("microsoft/phi-2")).isEmpty();
    assertThat(catalog.findSupported("phi-4")).isPresent();
    assertThat(catalog.all().stream().filter(ModelPreset::deprecated)).containsExactly(phi2);
  }

  @Test
  void falconPresetsAreLegacyButSupported() {
    ModelPreset falcon7b = catalog.findSupported("falcon-7b").orElseThrow();
    assertThat(falcon7b.legacy()).isTrue();
    assertThat(falcon7b.modelId()).isEqualTo("tiiuae/falcon-7b");
    assertThat(falcon7b.architectures()).containsExactly("FalconForCausalLM");
    assertThat(falcon7b.contextLength()).isEqualTo(2048);
    assertThat(falcon7b.supportsRuntime(InferenceRuntime.TRANSFORMERS)).isTrue();
    assertThat(falcon7b.supportsTuning()).isTrue();
    // 2 bytes x 32 layers x (K and V of one 64-wide head): KAITO v0.10's BytesPerToken
    assertThat(falcon7b.kvCacheBytesPerToken()).isEqualTo(8192);
    assertThat(get("falcon-40b").supportsTuning()).isTrue();
    assertThat(get("falcon-7b-instruct").supportsTuning()).isFalse();
    assertThat(get("TIIUAE/FALCON-40B-INSTRUCT").supportsTuning()).isFalse();
  }

  // ---- runtimes, tuning, gating ----

  @Test
  void phi3FamilySupportsTuningWithExplicitTargetModules() {
    for (String name :
        List.of(
            "phi-3-mini-4k-instruct",
            "phi-3-mini-128k-instruct",
            "phi-3-medium-4k-instruct",
            "phi-3-medium-128k-instruct",
            "phi-3.5-mini-instruct")) {
      ModelPreset p = get(name);
      assertThat(p.supportsTuning()).as(name).isTrue();
      assertThat(p.tuning().weightsImageTag()).as(name).isEqualTo("0.2.0");
      assertThat(p.tuning().targetModules()).as(name).isEqualTo(PHI3_TARGET_MODULES);
      assertThat(p.supportsRuntime(InferenceRuntime.TRANSFORMERS)).as(name).isTrue();
    }
  }

  @Test
  void tuningIsOfferedExactlyForKaitosTuningPresets() {
    assertThat(
            catalog.all().stream()
                .filter(p -> !p.legacy() && p.supportsTuning())
                .map(ModelPreset::name))
        .containsExactlyInAnyOrder(
            "phi-4",
            "phi-4-mini-instruct",
            "phi-3-mini-4k-instruct",
            "phi-3-mini-128k-instruct",
            "phi-3-medium-4k-instruct",
            "phi-3-medium-128k-instruct",
            "phi-3.5-mini-instruct",
            "mistral-7b",
            "qwen2.5-coder-7b-instruct",
            "qwen2.5-coder-32b-instruct");
    assertThat(get("phi-4").tuning().targetModules()).isNull();
    assertThat(get("llama-3.1-8b-instruct").supportsTuning()).isFalse();
  }

  @Test
  void transformersRuntimeOnlyWhereKaitoHasParameters() {
    assertThat(get("phi-4").runtimes())
        .containsExactly(InferenceRuntime.VLLM, InferenceRuntime.TRANSFORMERS);
    assertThat(get("phi-4-mini-instruct").supportsRuntime(InferenceRuntime.TRANSFORMERS)).isFalse();
    assertThat(get("mistral-large-3-675b-instruct").supportsRuntime(InferenceRuntime.TRANSFORMERS))
        .isFalse();
    assertThat(get("gemma-3-27b-instruct").supportsRuntime(InferenceRuntime.TRANSFORMERS)).isTrue();
    assertThat(
            catalog.all().stream()
                .filter(p -> !p.legacy() && p.supportsRuntime(InferenceRuntime.TRANSFORMERS)))
        .hasSize(20);
  }

  @Test
  void onlyLlamaNeedsDownloadAuthentication() {
    assertThat(
            catalog.all().stream().filter(ModelPreset::downloadAuthRequired).map(ModelPreset::name))
        .containsExactlyInAnyOrder("llama-3.1-8b-instruct", "llama-3.3-70b-instruct");
  }

  @Test
  void quantizedModelsLetVllmPickTheDtype() {
    assertThat(get("Qwen/Qwen3-8B-AWQ").quantization())
        .isEqualTo(new ModelPreset.Quantization("awq", 4));
    assertThat(get("gpt-oss-20b").quantization().method()).isEqualTo("mxfp4");
    for (ModelPreset p : catalog.all()) {
      if (p.quantization() != null) {
        assertThat(p.runtimeFlags()).as(p.modelId()).containsEntry("dtype", "auto");
      } else if (p.runtimeFlags() != null) {
        assertThat(p.runtimeFlags()).as(p.modelId()).doesNotContainKey("dtype");
      }
    }
  }

  @Test
  void runtimeFlagsCarryTheGeneratorsPerModelSettings() {
    assertThat(get("mistral-7b").runtimeFlags())
        .containsEntry("load-format", "mistral")
        .containsEntry("config-format", "mistral")
        .containsEntry("tokenizer-mode", "mistral")
        .doesNotContainKey("reasoning-parser");
    assertThat(get("deepseek-ai/DeepSeek-V4-Pro").runtimeFlags())
        .containsEntry("kv-cache-dtype", "fp8")
        .containsEntry("tokenizer-mode", "deepseek_v4");
    assertThat(get("llama-3.1-8b-instruct").runtimeFlags())
        .containsEntry("tool-call-parser", "llama3_json")
        .containsEntry("enable-auto-tool-choice", "")
        .containsEntry("chat-template", "/workspace/chat_templates/tool-chat-llama3.1-json.jinja");
    assertThat(get("Qwen/Qwen3.5-9B").runtimeFlags())
        .containsEntry("gdn-prefill-backend", "triton");
    assertThat(get("MiniMaxAI/MiniMax-M2.7").runtimeFlags())
        .containsEntry("enable-expert-parallel", "");
    assertThat(get("phi-3-mini-4k-instruct").runtimeFlags()).isNull();
    for (ModelPreset p : catalog.all()) {
      if (p.runtimeFlags() != null) {
        assertThat(p.runtimeFlags().keySet())
            .as(p.modelId())
            .allSatisfy(k -> assertThat(k).doesNotStartWith("-"))
            .doesNotContain("trust-remote-code");
      }
    }
  }

  // ---- derived sizes ----

  @Test
  void diskIsWholeWeightGibPlus80Gi() {
    assertThat(get("phi-4").diskBytes()).isEqualTo(107 * ByteQuantity.GI);
    assertThat(get("phi-3-mini-4k-instruct").diskBytes()).isEqualTo(87 * ByteQuantity.GI);
    assertThat(get("phi-3-medium-4k-instruct").diskBytes()).isEqualTo(106 * ByteQuantity.GI);
    assertThat(get("deepseek-r1-0528").diskBytes()).isEqualTo(721 * ByteQuantity.GI);
    assertThat(get("llama-3.3-70b-instruct").diskBytes()).isEqualTo(211 * ByteQuantity.GI);
  }

  @Test
  void kvCacheBytesPerTokenForGroupedQueryAttention() {
    // 2 bytes x 32 layers x 2 (K, V) x 8 KV heads x 128 (4096 / 32)
    assertThat(get("llama-3.1-8b-instruct").kvCacheBytesPerToken()).isEqualTo(131_072);
    // explicit headDim 256: 2 x 34 x 2 x 4 x 256
    assertThat(get("gemma-3-4b-instruct").kvCacheBytesPerToken()).isEqualTo(139_264);
    // DeepSeek V4 has no latent rank: one KV head of 512, 43 layers
    assertThat(get("deepseek-ai/DeepSeek-V4-Flash-0731").kvCacheBytesPerToken())
        .isEqualTo(2L * 43 * 2 * 512);
  }

  @Test
  void kvCacheBytesPerTokenForMultiHeadLatentAttention() {
    // 2 bytes x 61 layers x (512 latent + 64 rope)
    assertThat(get("deepseek-r1-0528").kvCacheBytesPerToken()).isEqualTo(70_272);
    assertThat(get("moonshotai/Kimi-K2.5").kvCacheBytesPerToken()).isEqualTo(70_272);
    // Mistral Small 4: 36 layers x (256 + 64)
    assertThat(get("mistralai/Mistral-Small-4-119B-2603").kvCacheBytesPerToken())
        .isEqualTo(2L * 36 * (256 + 64));
  }

  // ---- broken catalogs ----

  private static final String GOOD_ENTRY =
      """
        - modelId: org/good
          weights: 7.12Gi
          architectures: [LlamaForCausalLM]
          contextLength: 4096
          hiddenSize: 4096
          numHiddenLayers: 32
          numAttentionHeads: 32
          numKeyValueHeads: 8
          runtimes: [vllm]
      """;

  private static ModelCatalog load(String yaml) {
    return ModelCatalog.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  /** A catalog with the good entry first and {@code entry} (list item lines) second. */
  private static String withSecond(String entry) {
    return "models:\n" + GOOD_ENTRY.replace("org/good", "org/good\n    name: good") + entry;
  }

  private static String broken(String... extraLines) {
    StringBuilder sb =
        new StringBuilder(
            """
              - modelId: Org/Broken
                name: broken
            """);
    for (String line : extraLines) {
      sb.append("    ").append(line).append('\n');
    }
    return sb.toString();
  }

  private static final String[] COMPLETE = {
    "weights: 13.50Gi",
    "architectures: [MistralForCausalLM]",
    "contextLength: 32768",
    "hiddenSize: 4096",
    "numHiddenLayers: 32",
    "numAttentionHeads: 32",
    "numKeyValueHeads: 8",
    "runtimes: [vllm, transformers]"
  };

  private static String[] completeExcept(String prefix, String... replacement) {
    List<String> lines = new java.util.ArrayList<>();
    for (String line : COMPLETE) {
      if (!line.startsWith(prefix)) {
        lines.add(line);
      }
    }
    lines.addAll(List.of(replacement));
    return lines.toArray(String[]::new);
  }

  private static String[] completePlus(String... extra) {
    List<String> lines = new java.util.ArrayList<>(List.of(COMPLETE));
    lines.addAll(List.of(extra));
    return lines.toArray(String[]::new);
  }

  @Test
  void aWellFormedInlineCatalogLoads() {
    ModelCatalog c = load(withSecond(broken(COMPLETE)));
    assertThat(c.all()).hasSize(2);
    assertThat(c.find("org/broken")).isPresent();
    assertThat(c.find("BROKEN").orElseThrow().modelId()).isEqualTo("Org/Broken");
    assertThat(c.find("good")).isPresent();
  }

  @Test
  void missingFieldNamesTheEntry() {
    assertThatThrownBy(() -> load(withSecond(broken(completeExcept("contextLength")))))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("test.yaml: model #2 (Org/Broken): ")
        .hasMessageContaining("contextLength");
    assertThatThrownBy(() -> load(withSecond(broken(completeExcept("runtimes")))))
        .hasMessageContaining("model #2 (Org/Broken)")
        .hasMessageContaining("runtimes");
    assertThatThrownBy(() -> load(withSecond(broken(completeExcept("weights")))))
        .hasMessageContaining("model #2 (Org/Broken)")
        .hasMessageContaining("weights");
  }

  @Test
  void missingModelIdNamesTheEntryByName() {
    String entry = broken(COMPLETE).replace("- modelId: Org/Broken\n    name: broken", "- name: x");
    assertThatThrownBy(() -> load(withSecond(entry)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model #2 (x)")
        .hasMessageContaining("modelId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"7.12GB", "lots", "-3Gi", "7.12"})
  void badSizeNamesTheEntry(String weights) {
    assertThatThrownBy(
            () -> load(withSecond(broken(completeExcept("weights", "weights: " + weights)))))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model #2 (Org/Broken)")
        .hasMessageContaining("weights");
  }

  @Test
  void duplicateNameNamesBothEntries() {
    String dup = broken(COMPLETE).replace("name: broken", "name: good");
    assertThatThrownBy(() -> load(withSecond(dup)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model #2 (Org/Broken)")
        .hasMessageContaining("'good' is already used by org/good");
  }

  @Test
  void duplicateModelIdIgnoringCaseIsRejected() {
    String dup =
        broken(COMPLETE)
            .replace(
                "modelId: Org/Broken\n    name: broken", "modelId: ORG/GOOD\n    name: org/good");
    assertThatThrownBy(() -> load(withSecond(dup)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model #2 (ORG/GOOD)")
        .hasMessageContaining("already used by org/good");
  }

  @Test
  void unknownPropertyNamesTheEntry() {
    assertThatThrownBy(() -> load(withSecond(broken(completePlus("gpuCount: 2")))))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model #2 (Org/Broken)")
        .hasMessageContaining("unknown property 'gpuCount'");
  }

  @Test
  void unknownNestedPropertyNamesTheEntryAndTheField() {
    String[] lines = {
      "weights: 13.50Gi",
      "architectures: [MistralForCausalLM]",
      "contextLength: 32768",
      "hiddenSize: 4096",
      "numHiddenLayers: 32",
      "numAttentionHeads: 32",
      "numKeyValueHeads: 8",
      "runtimes: [vllm]",
      "tuning: {weightsImageTag: '0.2.0', lora: true}"
    };
    assertThatThrownBy(() -> load(withSecond(broken(lines))))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model #2 (Org/Broken)")
        .hasMessageContaining("unknown property 'lora' in tuning");
  }

  @Test
  void unknownRuntimeNamesTheEntry() {
    assertThatThrownBy(
            () -> load(withSecond(broken(completeExcept("runtimes", "runtimes: [vllm, tgi]")))))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model #2 (Org/Broken)")
        .hasMessageContaining("runtimes");
  }

  @Test
  void wronglyTypedNumberNamesTheEntryAndTheField() {
    assertThatThrownBy(
            () -> load(withSecond(broken(completeExcept("contextLength", "contextLength: lots")))))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model #2 (Org/Broken)")
        .hasMessageContaining("contextLength");
  }

  @Test
  void furtherRulesNameTheEntry() {
    assertThatThrownBy(() -> load(withSecond(broken(completePlus("revision: not-a-commit")))))
        .hasMessageContaining("(Org/Broken)")
        .hasMessageContaining("revision");
    assertThatThrownBy(
            () -> load(withSecond(broken(completePlus("tuning: {targetModules: [q_proj]}")))))
        .hasMessageContaining("(Org/Broken)")
        .hasMessageContaining("tuning.weightsImageTag");
    assertThatThrownBy(
            () -> load(withSecond(broken(completePlus("runtimeFlags: {--dtype: auto}")))))
        .hasMessageContaining("(Org/Broken)")
        .hasMessageContaining("runtimeFlags");
    assertThatThrownBy(
            () ->
                load(
                    withSecond(broken(completeExcept("numKeyValueHeads", "numKeyValueHeads: 64")))))
        .hasMessageContaining("(Org/Broken)")
        .hasMessageContaining("numKeyValueHeads");
    String slashName = broken(COMPLETE).replace("name: broken", "name: other/model");
    assertThatThrownBy(() -> load(withSecond(slashName)))
        .hasMessageContaining("(Org/Broken)")
        .hasMessageContaining("lower-cased modelId");
  }

  @Test
  void deprecatedEntriesNeedOnlyTheirNames() {
    ModelCatalog c =
        load(
            withSecond(
                """
                  - modelId: microsoft/phi-2
                    name: phi-2
                    deprecated: true
                """));
    assertThat(c.find("phi-2")).isPresent();
    assertThat(c.findSupported("phi-2")).isEmpty();
    assertThat(c.supportedNames()).containsExactly("good");
  }

  @Test
  void malformedFilesAreRejected() {
    assertThatThrownBy(() -> load(""))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> load("models: []\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("test.yaml: no models");
    assertThatThrownBy(() -> load("models: {}\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("must be a list");
    assertThatThrownBy(() -> load("model:\n" + GOOD_ENTRY))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("unknown top-level field 'model'");
    assertThatThrownBy(() -> load("models:\n  - just a string\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("model #1");
    assertThatThrownBy(() -> load("models: [\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("test.yaml is not valid YAML");
    assertThatThrownBy(
            () ->
                load(
                    GOOD_ENTRY.replace("  - modelId", "models:\n  - modelId")
                        + "    runtimes: [vllm]\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("not valid YAML at line 11")
        .hasMessageContaining("Duplicate field 'runtimes'");
  }
}
