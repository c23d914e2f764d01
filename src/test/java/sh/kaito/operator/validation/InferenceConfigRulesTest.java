package sh.kaito.operator.validation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.StaticClusterLookup;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.configMap;
import static sh.kaito.operator.testsupport.Workspaces.configMaps;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.testsupport.Workspaces.inferenceConfig;
import static sh.kaito.operator.validation.ValidationFixtures.MACHINE;
import static sh.kaito.operator.validation.ValidationFixtures.create;
import static sh.kaito.operator.validation.ValidationFixtures.errors;

/** The inference ConfigMap of a vLLM Workspace (kaito.md §2.1 rules 30 to 33). */
class InferenceConfigRulesTest {
  /** phi-4 on an A100; its context window (ModelTokenLimit) is 16384 tokens. */
  private static List<String> validate(String yaml) {
    Workspace ws = inference("phi-4").instanceType(A100).config("ic").build();
    return errors(create(MACHINE, ws, configMaps(inferenceConfig("ic", yaml))));
  }

  @Test
  void missingConfigMapIsRejected() {
    Workspace ws = inference("phi-4").instanceType(A100).config("ic").build();

    assertThat(errors(create(MACHINE, ws, StaticClusterLookup.empty())))
        .containsExactly(
            "ConfigMap 'ic' specified in 'config' not found in namespace 'default':"
                + " inference.config");
  }

  @Test
  void missingConfigMapIsLookedUpInTheWorkspaceNamespace() {
    Workspace ws = inference("phi-4").namespace("team-a").instanceType(A100).config("ic").build();

    assertThat(errors(create(MACHINE, ws, configMaps(inferenceConfig("ic", "vllm: {}\n")))))
        .containsExactly(
            "ConfigMap 'ic' specified in 'config' not found in namespace 'team-a':"
                + " inference.config");
  }

  @Test
  void configMapWithoutTheKeyIsRejected() {
    Workspace ws = inference("phi-4").instanceType(A100).config("ic").build();

    assertThat(
            errors(create(MACHINE, ws, configMaps(configMap("ic", "config.yaml", "vllm: {}\n")))))
        .containsExactly("missing field(s): inference_config.yaml in ConfigMap: inference.config");
  }

  @Test
  void badYamlIsRejected() {
    assertThat(validate("vllm: [unclosed\n"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("Failed to parse inference_config.yaml: ")
        .endsWith(": inference.config");
  }

  @Test
  void vllmSectionThatIsNotAMapIsRejected() {
    assertThat(validate("vllm: 5\n"))
        .containsExactly(
            "Failed to parse inference_config.yaml: vllm must be a map of argument names to"
                + " values: inference.config");
  }

  @Test
  void maxModelLenThatIsNotAnIntegerIsRejected() {
    assertThat(validate("vllm:\n  max-model-len: abc\n"))
        .containsExactly(
            "invalid value: max-model-len must be an integer: strconv.Atoi: parsing \"abc\":"
                + " invalid syntax: inference.config");
  }

  @Test
  void maxModelLenAsFloatIsRejected() {
    assertThat(validate("vllm:\n  max-model-len: 2048.5\n"))
        .containsExactly(
            "invalid value: max-model-len must be an integer: strconv.Atoi: parsing \"2048.5\":"
                + " invalid syntax: inference.config");
  }

  @Test
  void maxModelLenAboveTheContextWindowIsRejected() {
    assertThat(validate("vllm:\n  max-model-len: 16385\n"))
        .containsExactly(
            "invalid value: max-model-len 16385 exceeds model's maximum supported context window"
                + " 16384 (ModelTokenLimit): inference.config");
  }

  @ParameterizedTest
  @ValueSource(strings = {"16384", "\"16384\"", "2048", "1"})
  void maxModelLenUpToTheContextWindowIsAccepted(String value) {
    assertThat(validate("vllm:\n  max-model-len: " + value + "\n")).isEmpty();
  }

  @Test
  void configWithoutMaxModelLenIsAccepted() {
    assertThat(validate("vllm:\n  gpu-memory-utilization: 0.9\nmax_probe_steps: 6\n")).isEmpty();
  }

  @Test
  void emptyConfigFileIsAccepted() {
    assertThat(validate("")).isEmpty();
  }

  @Test
  void transformersRuntimeDoesNotReadTheConfigMap() {
    Workspace ws =
        inference("phi-4").instanceType(A100).runtime("transformers").config("missing").build();

    assertThat(errors(create(MACHINE, ws, StaticClusterLookup.empty()))).isEmpty();
  }

  @Test
  void largerContextNeedsMoreMemoryAtAdmission() {
    // llama-3.3-70b's KV cache is 40 GiB at 131072 tokens: more than an A10's 20 GiB for vLLM.
    Workspace ws =
        inference("llama-3.3-70b-instruct")
            .instanceType("Standard_NV36ads_A10_v5")
            .modelAccessSecret("hf-token")
            .config("ic")
            .build();
    StaticClusterLookup cluster =
        configMaps(inferenceConfig("ic", "vllm:\n  max-model-len: 131072\n"));

    assertThat(errors(create(MACHINE, ws, cluster)))
        .containsExactly(
            "invalid value: preset llama-3.3-70b-instruct cannot run on instance type"
                + " Standard_NV36ads_A10_v5: GPU memory 25769803776 bytes is too small, needs at"
                + " least 42.3 GB overhead (base: 2.3GB + KV Cache: 40.0 GB):"
                + " resource.instanceType");
  }
}
