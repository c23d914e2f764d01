package sh.kaito.operator.sizing;

import java.util.Map;

import org.junit.jupiter.api.Test;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.common.StaticClusterLookup;
import sh.kaito.operator.testsupport.Workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static sh.kaito.operator.testsupport.Workspaces.A10;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.V100;
import static sh.kaito.operator.testsupport.Workspaces.configMaps;
import static sh.kaito.operator.testsupport.Workspaces.gpuNode;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.testsupport.Workspaces.inferenceConfig;
import static sh.kaito.operator.testsupport.Workspaces.nodes;
import static sh.kaito.operator.testsupport.Workspaces.template;
import static sh.kaito.operator.testsupport.Workspaces.trainingConfig;
import static sh.kaito.operator.testsupport.Workspaces.tuning;

/** The target node count (KAITO's UpdateWorkspaceTargetNodeCount) and the GPU shape. */
class WorkspaceSizerTest {
  private static final WorkspaceSizer MACHINE =
      new WorkspaceSizer(
          Workspaces.models(), Workspaces.instanceTypes(), ProvisioningMode.MACHINE, true);
  private static final WorkspaceSizer BYO =
      new WorkspaceSizer(
          Workspaces.models(), Workspaces.instanceTypes(), ProvisioningMode.BYO, true);

  private static Sizing size(WorkspaceSizer sizer, Workspace ws) throws SizingException {
    return sizer.size(ws, StaticClusterLookup.empty());
  }

  @Test
  void vllmPresetIsSizedByTheEstimator() throws Exception {
    Sizing s = size(MACHINE, inference("phi-4").instanceType(A10).build());

    assertThat(s.targetNodeCount()).isEqualTo(2);
    assertThat(s.estimate().minGpus()).isEqualTo(2);
    assertThat(s.shape().config().gpuCount()).isEqualTo(1);
    assertThat(s.tuning()).isNull();
    assertThat(s.notes())
        .containsExactly(
            "instance type Standard_NV36ads_A10_v5: 1x NVIDIA A10 (24.0 GiB each) per node",
            "vLLM estimate: weights 27.9 GiB as loaded, 16.6 GiB per GPU for weights after the"
                + " reserve (KV cache for 2048 tokens: 0.4 GiB per GPU) -> 2 GPU(s) of 1 per node"
                + " -> 2 node(s)");
  }

  @Test
  void countIsOnlyAHintForVllm() throws Exception {
    assertThat(
            size(MACHINE, inference("phi-4").instanceType(A100).count(3).build()).targetNodeCount())
        .isEqualTo(1);
  }

  @Test
  void transformersUsesResourceCount() throws Exception {
    Sizing s =
        size(
            MACHINE, inference("phi-4").instanceType(A10).runtime("transformers").count(3).build());

    assertThat(s.targetNodeCount()).isEqualTo(3);
    assertThat(s.estimate()).isNull();
    assertThat(s.notes()).contains("transformers runtime: node count from resource.count (3)");
  }

  @Test
  void vllmGateOffMeansTransformers() throws Exception {
    WorkspaceSizer noVllm =
        new WorkspaceSizer(
            Workspaces.models(), Workspaces.instanceTypes(), ProvisioningMode.MACHINE, false);

    assertThat(
            size(noVllm, inference("phi-4").instanceType(A10).count(2).build()).targetNodeCount())
        .isEqualTo(2);
  }

  @Test
  void templateUsesResourceCount() throws Exception {
    Sizing s = size(MACHINE, template().instanceType(A100).count(2).build());

    assertThat(s.targetNodeCount()).isEqualTo(2);
    assertThat(s.notes()).contains("custom pod template: node count from resource.count (2)");
  }

  @Test
  void unknownInstanceTypeFallsBackToCount() throws Exception {
    Sizing s =
        size(MACHINE, inference("phi-4").instanceType("Standard_NC999_future").count(2).build());

    assertThat(s.targetNodeCount()).isEqualTo(2);
    assertThat(s.shape().known()).isFalse();
    assertThat(s.notes())
        .containsExactly(
            "GPUs of the instance type are unknown: node count from resource.count (2)");
  }

  @Test
  void maxModelLenFromTheInferenceConfigIsTheContext() throws Exception {
    Workspace ws =
        inference("llama-3.3-70b-instruct")
            .instanceType(A100)
            .modelAccessSecret("hf")
            .config("ic")
            .build();

    Sizing s =
        MACHINE.size(ws, configMaps(inferenceConfig("ic", "vllm:\n  max-model-len: 131072\n")));

    assertThat(s.estimate().contextTokens()).isEqualTo(131072);
    assertThat(s.targetNodeCount()).isEqualTo(6);
  }

  @Test
  void unreadableInferenceConfigMeansTheDefaultContext() throws Exception {
    Workspace ws = inference("phi-4").instanceType(A100).config("ic").build();

    Sizing s =
        MACHINE.size(ws, configMaps(inferenceConfig("ic", "vllm:\n  max-model-len: lots\n")));

    assertThat(s.estimate().contextTokens()).isEqualTo(2048);
  }

  @Test
  void tooSmallGpuIsASizingError() {
    Workspace ws = inference("phi-3-mini-128k-instruct").instanceType(A10).config("ic").build();

    assertThatThrownBy(
            () ->
                MACHINE.size(
                    ws, configMaps(inferenceConfig("ic", "vllm:\n  max-model-len: 131072\n"))))
        .isInstanceOf(SizingException.class)
        .hasMessageStartingWith("GPU memory 25769803776 bytes is too small");
  }

  @Test
  void tuningRunsOnOneNodeWithAMemoryEstimate() throws Exception {
    Sizing s =
        size(MACHINE, tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).build());

    assertThat(s.targetNodeCount()).isEqualTo(1);
    assertThat(s.tuning()).isNotNull();
    assertThat(s.tuning().fits()).isTrue();
    assertThat(s.notes())
        .contains(
            "tuning runs on a single node",
            "GPU compute capability 7.0 has no bfloat16: training runs in float16");
  }

  @Test
  void tuningMethodIsReadCaseInsensitively() throws Exception {
    Sizing upper =
        size(MACHINE, tuning("phi-3-mini-128k-instruct", "QLORA").instanceType(V100).build());
    Sizing lora =
        size(MACHINE, tuning("phi-3-mini-128k-instruct", "lora").instanceType(V100).build());

    assertThat(upper.tuning().weightsBytes()).isLessThan(lora.tuning().weightsBytes());
  }

  @Test
  void tuningProfileComesFromTheTrainingConfig() throws Exception {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).config("tc").build();
    String yaml = "training_config:\n  QuantizationConfig:\n    load_in_8bit: true\n";

    Sizing s = MACHINE.size(ws, configMaps(trainingConfig("tc", yaml)));

    ModelWeights weights = new ModelWeights("phi-3-mini-128k-instruct");
    assertThat((double) s.tuning().weightsBytes())
        .isCloseTo(weights.bytes * 0.55, org.assertj.core.api.Assertions.within(1.0));
  }

  @Test
  void byoShapeComesFromTheMatchingNodes() throws Exception {
    // phi-4 needs two 24 GiB GPUs: two of the three matching nodes.
    StaticClusterLookup cluster =
        nodes(
            gpuNode("gpu-1", "NVIDIA-A10", 1, 24576, Map.of("app", "test")),
            gpuNode("gpu-2", "NVIDIA-A10", 1, 24576, Map.of("app", "test")),
            gpuNode("gpu-3", "NVIDIA-A10", 1, 24576, Map.of("app", "test")),
            gpuNode("other", "NVIDIA-A10", 1, 24576, Map.of("app", "other")));

    Sizing s = BYO.size(inference("phi-4").build(), cluster);

    assertThat(s.targetNodeCount()).isEqualTo(2);
    assertThat(s.shape().nodeCount()).isEqualTo(3);
    assertThat(s.shape().config().memoryPerGpuBytes()).isEqualTo(24 * ByteQuantity.GI);
    assertThat(s.notes())
        .first()
        .isEqualTo("BYO nodes: 3 matching node(s), 1x NVIDIA-A10 (24.0 GiB each) each");
  }

  @Test
  void byoWithoutNodesIsASizingError() {
    assertThatThrownBy(() -> size(BYO, inference("phi-4").build()))
        .isInstanceOf(SizingException.class)
        .hasMessage("No nodes found matching the specified label selector");
  }

  @Test
  void presetOutsideTheCatalogIsASizingError() {
    assertThatThrownBy(() -> size(MACHINE, inference("gpt-5").instanceType(A100).build()))
        .isInstanceOf(SizingException.class)
        .hasMessage("preset gpt-5 is not in the preset catalog");
  }

  private record ModelWeights(long bytes) {
    ModelWeights(String name) {
      this(Workspaces.models().findSupported(name).orElseThrow().weightsBytes());
    }
  }
}
