package sh.kaito.operator.common;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.catalog.InferenceRuntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sh.kaito.operator.testsupport.Workspaces.a100Node;
import static sh.kaito.operator.testsupport.Workspaces.inferenceConfig;

/** StaticClusterLookup, WorkspaceRuntimes and the two config-file readers. */
class CommonLookupsTest {
  @Test
  void staticLookupMatchesNodesCarryingAllLabels() {
    StaticClusterLookup cluster =
        new StaticClusterLookup(List.of(a100Node("a", "phi"), a100Node("b", "other")), List.of());

    assertThat(cluster.nodesWithLabels(Map.of("app", "phi")))
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("a");
    assertThat(cluster.nodesWithLabels(Map.of())).hasSize(2);
    assertThat(cluster.nodesWithLabels(Map.of("app", "phi", "zone", "1"))).isEmpty();
  }

  @Test
  void staticLookupFindsConfigMapsByNamespaceAndName() {
    StaticClusterLookup cluster =
        new StaticClusterLookup(List.of(), List.of(inferenceConfig("ic", "vllm: {}\n")));

    assertThat(cluster.configMap("default", "ic")).isPresent();
    assertThat(cluster.configMap("team-a", "ic")).isEmpty();
    assertThat(cluster.configMap("default", "other")).isEmpty();
  }

  @Test
  void runtimeIsVllmUnlessTransformersIsAskedFor() {
    assertThat(WorkspaceRuntimes.of(null, true)).isEqualTo(InferenceRuntime.VLLM);
    assertThat(WorkspaceRuntimes.of(Map.of(KaitoApi.ANNOTATION_RUNTIME, "transformers"), true))
        .isEqualTo(InferenceRuntime.TRANSFORMERS);
    assertThat(WorkspaceRuntimes.of(Map.of(KaitoApi.ANNOTATION_RUNTIME, "vllm"), false))
        .isEqualTo(InferenceRuntime.TRANSFORMERS);
  }

  @Test
  void inferenceConfigValuesAreReadAsText() {
    Map<String, String> args =
        InferenceConfigFile.vllmArguments(
            "vllm:\n  max-model-len: 4096\n  enforce-eager: true\n  cpu-offload-gb: 0.5\n");

    assertThat(args)
        .containsExactly(
            Map.entry("max-model-len", "4096"),
            Map.entry("enforce-eager", "true"),
            Map.entry("cpu-offload-gb", "0.5"));
  }

  @Test
  void inferenceConfigMustBeAMapWithAMapOfArguments() {
    assertThat(InferenceConfigFile.vllmArguments("max_probe_steps: 6\n")).isEmpty();
    assertThatThrownBy(() -> InferenceConfigFile.vllmArguments("- a\n- b\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the document must be a map");
    assertThatThrownBy(() -> InferenceConfigFile.vllmArguments("vllm: [a]\n"))
        .hasMessage("vllm must be a map of argument names to values");
  }

  @Test
  void trainingConfigSectionsKeepFileOrder() {
    TrainingConfigFile file =
        TrainingConfigFile.parse(
            "training_config:\n  LoraConfig:\n    r: 8\n  ModelConfig: {}\n  Extra: 5\n");

    assertThat(file.sectionNames()).containsExactly("LoraConfig", "ModelConfig", "Extra");
    assertThat(file.section("LoraConfig")).containsExactly(Map.entry("r", 8));
    assertThat(file.section("Extra")).isEmpty();
    assertThat(file.hasSection("Extra")).isTrue();
    assertThat(file.hasSection("DataCollator")).isFalse();
  }
}
