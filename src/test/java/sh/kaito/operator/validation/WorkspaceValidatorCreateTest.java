package sh.kaito.operator.validation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.Node;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.AdapterSpec;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.ModelImageAccessMode;
import sh.kaito.operator.api.v1beta1.PartitionMode;
import sh.kaito.operator.api.v1beta1.PartitionSpec;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.StaticClusterLookup;
import sh.kaito.operator.sizing.GpuFeatureLabels;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.A10;
import static sh.kaito.operator.testsupport.Workspaces.A100;
import static sh.kaito.operator.testsupport.Workspaces.A100_PRODUCT;
import static sh.kaito.operator.testsupport.Workspaces.H100_PRODUCT;
import static sh.kaito.operator.testsupport.Workspaces.a100Node;
import static sh.kaito.operator.testsupport.Workspaces.accelerator;
import static sh.kaito.operator.testsupport.Workspaces.adapter;
import static sh.kaito.operator.testsupport.Workspaces.adapters;
import static sh.kaito.operator.testsupport.Workspaces.empty;
import static sh.kaito.operator.testsupport.Workspaces.gpuNode;
import static sh.kaito.operator.testsupport.Workspaces.imageSource;
import static sh.kaito.operator.testsupport.Workspaces.inference;
import static sh.kaito.operator.testsupport.Workspaces.mig;
import static sh.kaito.operator.testsupport.Workspaces.node;
import static sh.kaito.operator.testsupport.Workspaces.nodes;
import static sh.kaito.operator.testsupport.Workspaces.podTemplateWithoutContainers;
import static sh.kaito.operator.testsupport.Workspaces.selectorExpression;
import static sh.kaito.operator.testsupport.Workspaces.selectorIn;
import static sh.kaito.operator.testsupport.Workspaces.template;
import static sh.kaito.operator.testsupport.Workspaces.tuning;
import static sh.kaito.operator.testsupport.Workspaces.volumeSource;
import static sh.kaito.operator.validation.ValidationFixtures.AWS;
import static sh.kaito.operator.validation.ValidationFixtures.BYO;
import static sh.kaito.operator.validation.ValidationFixtures.MACHINE;
import static sh.kaito.operator.validation.ValidationFixtures.byoWithGates;
import static sh.kaito.operator.validation.ValidationFixtures.create;
import static sh.kaito.operator.validation.ValidationFixtures.errors;

/** CREATE rules of kaito.md §2.1 for inference Workspaces and the object as a whole. */
class WorkspaceValidatorCreateTest {
  private static final String DNS_LABEL_REGEX_ERROR =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc',"
          + " regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String INSTANCE_TYPE_REQUIRED =
      "missing field(s): instanceType is required when node auto-provisioning is enabled:"
          + " resource.instanceType";
  private static final String INSTANCE_TYPE_MUST_BE_EMPTY =
      "invalid value: instanceType must be empty when node auto-provisioning is disabled (BYO"
          + " scenario): resource.instanceType";
  private static final String NO_NODES = "No nodes found matching the specified label selector";

  /** The baseline: valid in machine mode. */
  private static Workspace phi4OnA100() {
    return inference("phi-4").instanceType(A100).build();
  }

  private static StaticClusterLookup oneA100() {
    return nodes(a100Node("gpu-1", "test"));
  }

  // --- baseline ------------------------------------------------------------------------------

  @Test
  void phi4OnA100IsValidInMachineMode() {
    ValidationResult r = create(MACHINE, phi4OnA100());

    assertThat(errors(r)).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.isValid()).isTrue();
  }

  @Test
  void phi4OnMatchingA100NodeIsValidInByoMode() {
    ValidationResult r = create(BYO, inference("phi-4").build(), oneA100());

    assertThat(errors(r)).isEmpty();
  }

  // --- rule 1: name --------------------------------------------------------------------------

  @Test
  void nameOf63CharactersIsAccepted() {
    ValidationResult r =
        create(MACHINE, inference("phi-4").instanceType(A100).name("a".repeat(63)).build());

    assertThat(errors(r)).isEmpty();
  }

  @Test
  void nameOf64CharactersIsRejected() {
    ValidationResult r =
        create(MACHINE, inference("phi-4").instanceType(A100).name("a".repeat(64)).build());

    assertThat(errors(r))
        .containsExactly("invalid value: must be no more than 63 characters: metadata.name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"My-Workspace", "work_space", "-leading", "trailing-", "dotted.name"})
  void nameThatIsNotADnsLabelIsRejected(String name) {
    ValidationResult r = create(MACHINE, inference("phi-4").instanceType(A100).name(name).build());

    assertThat(errors(r))
        .containsExactly("invalid value: " + DNS_LABEL_REGEX_ERROR + ": metadata.name");
  }

  // --- rule 2: inference xor tuning ------------------------------------------------------------

  @Test
  void neitherInferenceNorTuningIsRejected() {
    ValidationResult r = create(MACHINE, empty().instanceType(A100).build());

    assertThat(errors(r))
        .containsExactly("Either Inference or Tuning must be specified, not neither");
  }

  @Test
  void bothInferenceAndTuningAreRejected() {
    Workspace ws =
        inference("phi-3-mini-4k-instruct")
            .instanceType(A100)
            .alsoTuning("phi-3-mini-128k-instruct", "qlora")
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("Either Inference or Tuning must be specified, but not both");
  }

  @Test
  void missingResourceIsRejected() {
    ValidationResult r = create(MACHINE, inference("phi-4").withoutResource().build());

    assertThat(errors(r)).containsExactly("missing field(s): resource");
  }

  @Test
  void missingLabelSelectorIsRejected() {
    ValidationResult r =
        create(MACHINE, inference("phi-4").instanceType(A100).labelSelector(null).build());

    assertThat(errors(r)).containsExactly("missing field(s): resource.labelSelector");
  }

  // --- rules 3 and 4: instanceType per mode ------------------------------------------------------

  @Test
  void machineModeRequiresInstanceType() {
    ValidationResult r = create(MACHINE, inference("phi-4").build());

    assertThat(errors(r)).containsExactly(INSTANCE_TYPE_REQUIRED);
  }

  @Test
  void machineModeRejectsEmptyInstanceType() {
    ValidationResult r = create(MACHINE, inference("phi-4").instanceType("").build());

    assertThat(errors(r)).containsExactly(INSTANCE_TYPE_REQUIRED);
  }

  @Test
  void byoModeRejectsInstanceType() {
    ValidationResult r = create(BYO, inference("phi-4").instanceType(A100).build(), oneA100());

    assertThat(errors(r)).containsExactly(INSTANCE_TYPE_MUST_BE_EMPTY);
  }

  @Test
  void byoModeAcceptsEmptyInstanceType() {
    ValidationResult r = create(BYO, inference("phi-4").instanceType("").build(), oneA100());

    assertThat(errors(r)).isEmpty();
  }

  @Test
  void byoModeRejectsInstanceTypeForTuningToo() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType("Standard_NC6s_v3").build();

    assertThat(errors(create(BYO, ws, oneA100()))).containsExactly(INSTANCE_TYPE_MUST_BE_EMPTY);
  }

  // --- rule 5: node image family --------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"ubuntu", "azurelinux", "AzureLinux", " Ubuntu "})
  void supportedNodeImageFamiliesAreAccepted(String family) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .annotation(KaitoApi.ANNOTATION_NODE_IMAGE_FAMILY, family)
            .build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @Test
  void unsupportedNodeImageFamilyIsRejected() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .annotation(KaitoApi.ANNOTATION_NODE_IMAGE_FAMILY, "windows")
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: unsupported node image family \"windows\", supported values are"
                + " azurelinux, ubuntu: metadata.annotations[kaito.sh/node-image-family]");
  }

  // --- rule 7: performance mode ----------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"balanced", "interactivity", "throughput"})
  void knownPerformanceModesAreAccepted(String mode) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .annotation(KaitoApi.ANNOTATION_PERFORMANCE_MODE, mode)
            .build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "Balanced", ""})
  void unknownPerformanceModeIsRejected(String mode) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .annotation(KaitoApi.ANNOTATION_PERFORMANCE_MODE, mode)
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: \""
                + mode
                + "\" is not a valid performance mode; choose one of: balanced, interactivity,"
                + " throughput: metadata.annotations[kaito.sh/performance-mode]");
  }

  // --- rule 8: use-local-weights ---------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"true", "false"})
  void useLocalWeightsTrueOrFalseIsAccepted(String value) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .annotation(KaitoApi.ANNOTATION_USE_LOCAL_WEIGHTS, value)
            .build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "True", "1"})
  void useLocalWeightsOtherValuesAreRejected(String value) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .annotation(KaitoApi.ANNOTATION_USE_LOCAL_WEIGHTS, value)
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: \""
                + value
                + "\" must be \"true\" or \"false\":"
                + " metadata.annotations[kaito.sh/use-local-weights]");
  }

  // --- runtime annotation ----------------------------------------------------------------------

  @Test
  void unknownRuntimeAnnotationIsRejected() {
    Workspace ws = inference("phi-4").instanceType(A100).runtime("tgi").build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: \"tgi\" is not an inference runtime; choose vllm or transformers:"
                + " metadata.annotations[kaito.sh/runtime]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vllm", "transformers"})
  void knownRuntimesAreAccepted(String runtime) {
    Workspace ws = inference("phi-4").instanceType(A100).runtime(runtime).build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  // --- rules 9, 23, 24: preset names -----------------------------------------------------------

  @Test
  void deprecatedPhi2IsRejected() {
    ValidationResult r = create(MACHINE, inference("phi-2").instanceType(A100).build());

    assertThat(errors(r))
        .contains("Model phi-2 is deprecated and no longer supported: inference.preset.name");
  }

  @Test
  void deprecatedPresetIsRejectedWhateverItsCase() {
    ValidationResult r = create(MACHINE, inference("Phi-2").instanceType(A100).build());

    assertThat(errors(r))
        .contains("Model phi-2 is deprecated and no longer supported: inference.preset.name");
  }

  @Test
  void unsupportedPresetNameIsRejected() {
    ValidationResult r = create(MACHINE, inference("gpt-5").instanceType(A100).build());

    assertThat(errors(r))
        .containsExactly(
            "invalid value: Unsupported inference preset name gpt-5: inference.preset.name");
  }

  @Test
  void huggingFaceIdOutsideTheCatalogIsRejectedWithTheSupportedList() {
    ValidationResult r =
        create(MACHINE, inference("someorg/some-model").instanceType(A100).build());

    assertThat(errors(r)).hasSize(1);
    assertThat(errors(r).get(0))
        .startsWith(
            "invalid value: failed to get model preset: model someorg/some-model is not in the"
                + " preset catalog; supported presets: phi-4, phi-4-mini-instruct,")
        .endsWith(": inference.preset");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "microsoft/Phi-4-mini-instruct",
        "MICROSOFT/PHI-4-MINI-INSTRUCT",
        "phi-4-mini-instruct"
      })
  void catalogHuggingFaceIdsAndAliasesAreAccepted(String name) {
    ValidationResult r = create(MACHINE, inference(name).instanceType(A100).build());

    assertThat(errors(r)).isEmpty();
  }

  // --- rule 10: label selector conversion -----------------------------------------------------

  @Test
  void inExpressionWithOneValueIsAccepted() {
    Workspace ws =
        inference("phi-4").instanceType(A100).labelSelector(selectorIn("app", "x")).build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @Test
  void inExpressionWithOneValueSelectsByoNodes() {
    Workspace ws = inference("phi-4").labelSelector(selectorIn("app", "test")).build();

    assertThat(errors(create(BYO, ws, oneA100()))).isEmpty();
  }

  @Test
  void inExpressionWithTwoValuesIsRejected() {
    Workspace ws =
        inference("phi-4").instanceType(A100).labelSelector(selectorIn("app", "x", "y")).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: operator \"In\" without a single value cannot be converted into the"
                + " old label selector format: resource.labelSelector");
  }

  @ParameterizedTest
  @CsvSource({"NotIn,x", "Exists,", "DoesNotExist,"})
  void nonInOperatorsAreRejected(String operator, String value) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .labelSelector(
                value == null
                    ? selectorExpression("app", operator)
                    : selectorExpression("app", operator, value))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: operator \""
                + operator
                + "\" cannot be converted into the old label selector format:"
                + " resource.labelSelector");
  }

  @Test
  void badOperatorIsRejected() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .labelSelector(selectorExpression("app", "Equals", "x"))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: \"Equals\" is not a valid selector operator: resource.labelSelector");
  }

  // --- rule 11: reserved labels ----------------------------------------------------------------

  @Test
  void matchLabelsWithOnlyReservedKeysAreRejected() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .matchLabels(
                KaitoApi.LABEL_WORKSPACE, "other", KaitoApi.LABEL_WORKSPACE_NAMESPACE, "ns")
            .build();

    ValidationResult r = create(MACHINE, ws);

    assertThat(errors(r))
        .containsExactly(
            "invalid value: matchLabels must contain at least one non-reserved label:"
                + " resource.labelSelector.matchLabels");
  }

  @Test
  void reservedKeyNextToAUserLabelIsIgnoredWithAWarning() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .matchLabels("app", "test", KaitoApi.LABEL_WORKSPACE, "other")
            .build();

    ValidationResult r = create(MACHINE, ws);

    assertThat(errors(r)).isEmpty();
    assertThat(r.warnings())
        .containsExactly(
            "labelSelector contains reserved KAITO label \"kaito.sh/workspace\"; it will be"
                + " ignored");
  }

  @Test
  void reservedKeysAreNotUsedToSelectByoNodes() {
    // The node lacks kaito.sh/workspace: the reserved key must not take part in the match.
    Workspace ws =
        inference("phi-4").matchLabels("app", "test", KaitoApi.LABEL_WORKSPACE, "other").build();

    assertThat(errors(create(BYO, ws, oneA100()))).isEmpty();
  }

  // --- rules 12 to 14: BYO nodes ---------------------------------------------------------------

  @Test
  void byoWithoutMatchingNodesIsRejected() {
    ValidationResult r = create(BYO, inference("phi-4").build(), nodes(a100Node("gpu-1", "other")));

    assertThat(errors(r)).containsExactly(NO_NODES);
  }

  @Test
  void byoWithEmptyClusterIsRejected() {
    assertThat(errors(create(BYO, inference("phi-4").build()))).containsExactly(NO_NODES);
  }

  @Test
  void byoNodeWithoutGpuFeatureLabelsIsRejected() {
    Node plain = node("cpu-1", Map.of("app", "test"));

    assertThat(errors(create(BYO, inference("phi-4").build(), nodes(plain))))
        .containsExactly(
            "Failed to get GPU config from nvidia labels on node cpu-1: missing required"
                + " nvidia.com labels on node cpu-1");
  }

  @Test
  void byoNodeMissingOnlyTheMemoryLabelIsRejected() {
    Node partial =
        node(
            "gpu-1",
            Map.of(
                "app",
                "test",
                GpuFeatureLabels.PRODUCT,
                A100_PRODUCT,
                GpuFeatureLabels.COUNT,
                "1"));

    assertThat(errors(create(BYO, inference("phi-4").build(), nodes(partial))))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("missing required nvidia.com labels");
  }

  @Test
  void byoNodesWithDifferentProductsAreRejected() {
    StaticClusterLookup cluster =
        nodes(
            gpuNode("gpu-1", A100_PRODUCT, 1, 81920, Map.of("app", "test")),
            gpuNode("gpu-2", H100_PRODUCT, 1, 81920, Map.of("app", "test")));

    assertThat(errors(create(BYO, inference("phi-4").build(), cluster)))
        .containsExactly(
            "Non-uniform GPU product: node gpu-2 has NVIDIA-H100-80GB-HBM3 GPUs, but previous node"
                + " has NVIDIA-A100-SXM4-80GB GPUs, all nodes must have the same GPU product for"
                + " homogeneous placement");
  }

  @Test
  void byoNodesWithDifferentGpuCountsAreRejected() {
    StaticClusterLookup cluster =
        nodes(
            gpuNode("gpu-1", A100_PRODUCT, 1, 81920, Map.of("app", "test")),
            gpuNode("gpu-2", A100_PRODUCT, 2, 81920, Map.of("app", "test")));

    assertThat(errors(create(BYO, inference("phi-4").build(), cluster)))
        .containsExactly(
            "Non-uniform GPU count: node gpu-2 has 2 GPUs, but previous node has 1 GPUs");
  }

  @Test
  void byoNodesWithDifferentGpuMemoryAreRejected() {
    StaticClusterLookup cluster =
        nodes(
            gpuNode("gpu-1", A100_PRODUCT, 1, 81920, Map.of("app", "test")),
            gpuNode("gpu-2", A100_PRODUCT, 1, 40960, Map.of("app", "test")));

    assertThat(errors(create(BYO, inference("phi-4").build(), cluster)))
        .containsExactly(
            "Non-uniform GPU memory: node gpu-2 has 40Gi memory, but previous node has 80Gi"
                + " memory");
  }

  @Test
  void byoTemplateWorkspaceDoesNotInspectNodes() {
    assertThat(errors(create(BYO, template().build()))).isEmpty();
  }

  // --- rule 17: total GPU memory ---------------------------------------------------------------

  @Test
  void byoNodeWithTooLittleMemoryIsRejectedWithTheNumbers() {
    StaticClusterLookup cluster =
        nodes(gpuNode("gpu-1", "NVIDIA-A16", 1, 16384, Map.of("app", "test")));

    assertThat(errors(create(BYO, inference("phi-4").build(), cluster)))
        .containsExactly(
            "invalid value: Insufficient total GPU memory: Instance type of node gpu-1 has a total"
                + " of 16Gi, but preset phi-4 requires at least 27.31Gi: resource.instanceType");
  }

  @Test
  void byoMemoryIsSummedOverAllMatchingNodes() {
    StaticClusterLookup cluster =
        nodes(
            gpuNode("gpu-1", "NVIDIA-A16", 1, 16384, Map.of("app", "test")),
            gpuNode("gpu-2", "NVIDIA-A16", 1, 16384, Map.of("app", "test")));

    assertThat(errors(create(BYO, inference("phi-4").build(), cluster))).isEmpty();
  }

  @Test
  void bypassAnnotationTurnsByoMemoryErrorIntoAWarning() {
    StaticClusterLookup cluster =
        nodes(gpuNode("gpu-1", "NVIDIA-A16", 1, 16384, Map.of("app", "test")));

    ValidationResult r = create(BYO, inference("phi-4").bypassResourceChecks().build(), cluster);

    assertThat(errors(r)).isEmpty();
    assertThat(r.warnings())
        .containsExactly(
            "Bypassing resource check: Insufficient total GPU memory: Instance type of node gpu-1"
                + " has a total of 16Gi, but preset phi-4 requires at least 27.31Gi");
  }

  @Test
  void transformersOnTooSmallInstanceTypeIsRejected() {
    Workspace ws = inference("phi-4").instanceType(A10).runtime("transformers").count(1).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: Insufficient total GPU memory: Instance type Standard_NV36ads_A10_v5"
                + " has a total of 24Gi, but preset phi-4 requires at least 27.31Gi:"
                + " resource.instanceType",
            "Multi-node distributed inference is not supported with Huggingface Transformers"
                + " runtime");
  }

  @Test
  void vllmOnInstanceTypeSmallerThanTheWeightsIsNotCheckedForTotalMemory() {
    // KAITO skips the total-memory check for provisioned nodes with vLLM: the estimator sizes them.
    assertThat(errors(create(MACHINE, inference("phi-4").instanceType(A10).build()))).isEmpty();
  }

  @Test
  void bypassAnnotationTurnsTransformersMemoryErrorIntoAWarningButNotMultiNode() {
    Workspace ws =
        inference("phi-4").instanceType(A10).runtime("transformers").bypassResourceChecks().build();

    ValidationResult r = create(MACHINE, ws);

    assertThat(errors(r))
        .containsExactly(
            "Multi-node distributed inference is not supported with Huggingface Transformers"
                + " runtime");
    assertThat(r.warnings())
        .containsExactly(
            "Bypassing resource check: Insufficient total GPU memory: Instance type"
                + " Standard_NV36ads_A10_v5 has a total of 24Gi, but preset phi-4 requires at least"
                + " 27.31Gi");
  }

  // --- rule 18: multi-node with transformers ---------------------------------------------------

  @Test
  void transformersNeedingTwoNodesIsRejectedEvenWhenTheTotalFits() {
    Workspace ws = inference("phi-4").instanceType(A10).runtime("transformers").count(2).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "Multi-node distributed inference is not supported with Huggingface Transformers"
                + " runtime");
  }

  @Test
  void transformersOnOneLargeEnoughNodeIsAccepted() {
    Workspace ws = inference("phi-4").instanceType(A100).runtime("transformers").build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  // --- vLLM estimator at admission --------------------------------------------------------------

  @Test
  void vllmEstimatorRefusesAGpuTooSmallForTheKvCache() {
    Workspace ws = inference("phi-3-mini-128k-instruct").instanceType(A10).config("long").build();
    StaticClusterLookup cluster =
        sh.kaito.operator.testsupport.Workspaces.configMaps(
            sh.kaito.operator.testsupport.Workspaces.inferenceConfig(
                "long", "vllm:\n  max-model-len: 131072\n"));

    assertThat(errors(create(MACHINE, ws, cluster)))
        .containsExactly(
            "invalid value: preset phi-3-mini-128k-instruct cannot run on instance type"
                + " Standard_NV36ads_A10_v5: GPU memory 25769803776 bytes is too small, needs at"
                + " least 50.3 GB overhead (base: 2.3GB + KV Cache: 48.0 GB):"
                + " resource.instanceType");
  }

  @Test
  void bypassAnnotationTurnsEstimatorRefusalIntoAWarning() {
    Workspace ws =
        inference("phi-3-mini-128k-instruct")
            .instanceType(A10)
            .config("long")
            .bypassResourceChecks()
            .build();
    StaticClusterLookup cluster =
        sh.kaito.operator.testsupport.Workspaces.configMaps(
            sh.kaito.operator.testsupport.Workspaces.inferenceConfig(
                "long", "vllm:\n  max-model-len: 131072\n"));

    ValidationResult r = create(MACHINE, ws, cluster);

    assertThat(errors(r)).isEmpty();
    assertThat(r.warnings())
        .containsExactly(
            "Bypassing resource check: GPU memory 25769803776 bytes is too small, needs at least"
                + " 50.3 GB overhead (base: 2.3GB + KV Cache: 48.0 GB)");
  }

  // --- rule 16: instance types -----------------------------------------------------------------

  @Test
  void unsupportedInstanceTypeIsRejectedWithTheCloudsSkus() {
    ValidationResult r =
        create(MACHINE, inference("phi-4").instanceType("Standard_E8s_v5").build());

    assertThat(errors(r)).hasSize(1);
    assertThat(errors(r).get(0))
        .startsWith(
            "invalid value: Unsupported instance type Standard_E8s_v5. Supported SKUs:"
                + " [Standard_NV36ads_A10_v5, ")
        .contains("Standard_NC24ads_A100_v4", "Standard_ND96isr_H100_v5")
        .doesNotContain("p5.48xlarge")
        .endsWith("]: resource.instanceType");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Standard_NC999ads_X200_v9", "standard_nd4_future", "Standard_D4s_v5"})
  void unknownAzureNAndDSkusPassWithAWarning(String sku) {
    ValidationResult r = create(MACHINE, inference("phi-4").instanceType(sku).build());

    assertThat(errors(r)).isEmpty();
    assertThat(r.warnings())
        .containsExactly(
            "instance type "
                + sku
                + " is not in the instance-type catalog: its GPUs are unknown, so GPU sizing is"
                + " skipped and resource.count is used as the node count");
  }

  @Test
  void instanceTypeIsMatchedCaseInsensitively() {
    ValidationResult r =
        create(MACHINE, inference("phi-4").instanceType("standard_nc24ads_a100_v4").build());

    assertThat(errors(r)).isEmpty();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void azurePassThroughDoesNotApplyOnAws() {
    ValidationResult r =
        create(AWS, inference("phi-4").instanceType("Standard_NC999ads_X200_v9").build());

    assertThat(errors(r)).hasSize(1);
    assertThat(errors(r).get(0))
        .startsWith(
            "invalid value: Unsupported instance type Standard_NC999ads_X200_v9. Supported SKUs:"
                + " [")
        .contains("p5.48xlarge")
        .doesNotContain("Standard_NC24ads_A100_v4");
  }

  @Test
  void awsSkuIsAcceptedOnAws() {
    assertThat(errors(create(AWS, inference("phi-4").instanceType("p5.48xlarge").build())))
        .isEmpty();
  }

  // --- rule 15: partition needs BYO ------------------------------------------------------------

  @Test
  void partitionWithProvisionedNodesIsRejected() {
    Workspace ws = inference("phi-4").instanceType(A100).partition(mig("1g.10gb")).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "GPU partitioning is only supported with BYO nodes"
                + " (disableNodeAutoProvisioning=true): resource.partition");
  }

  // --- rules 19 and 20: MIG --------------------------------------------------------------------

  @Test
  void migWithGateOffIsRejected() {
    Workspace ws = inference("phi-3-mini-4k-instruct").partition(mig("1g.10gb")).build();

    assertThat(errors(create(byoWithGates(false, true), ws)))
        .containsExactly(
            "MIG support is not enabled, set feature gate enableMIG=true: resource.partition");
  }

  @Test
  void migWithGateOnAndAFittingModelIsAccepted() {
    Workspace ws = inference("phi-3-mini-4k-instruct").partition(mig("1g.10gb")).build();

    assertThat(errors(create(byoWithGates(true, false), ws))).isEmpty();
  }

  @Test
  void migWithCountIsRejected() {
    Workspace ws =
        inference("phi-3-mini-4k-instruct")
            .partition(new PartitionSpec(PartitionMode.MIG, "1g.10gb", 2))
            .build();

    assertThat(errors(create(byoWithGates(true, false), ws)))
        .containsExactly(
            "invalid value: count is only valid for accelerator mode: resource.partition.count");
  }

  @ParameterizedTest
  @ValueSource(strings = {"big", "1g", "1g.10GB", "g.10gb"})
  void migWithMalformedProfileIsRejected(String profile) {
    Workspace ws = inference("phi-3-mini-4k-instruct").partition(mig(profile)).build();

    assertThat(errors(create(byoWithGates(true, false), ws)))
        .containsExactly(
            "invalid value: invalid MIG profile format \""
                + profile
                + "\": expected format like '1g.10gb': resource.partition.profile");
  }

  @Test
  void migWithZeroSlicesIsRejected() {
    Workspace ws = inference("phi-3-mini-4k-instruct").partition(mig("0g.10gb")).build();

    assertThat(errors(create(byoWithGates(true, false), ws)))
        .containsExactly(
            "invalid value: invalid MIG profile \"0g.10gb\": compute slices must be > 0:"
                + " resource.partition.profile");
  }

  @Test
  void migSliceSmallerThanTheWeightsIsRejected() {
    Workspace ws = inference("phi-4").partition(mig("1g.10gb")).build();

    assertThat(errors(create(byoWithGates(true, false), ws)))
        .containsExactly(
            "invalid value: Model phi-4 requires at least 27.31Gi for weights, which exceeds the"
                + " 1g.10gb MIG slice capacity of 10Gi: resource.partition");
  }

  @Test
  void migSliceLargeEnoughForTheWeightsIsAccepted() {
    Workspace ws = inference("phi-4").partition(mig("3g.40gb")).build();

    assertThat(errors(create(byoWithGates(true, false), ws))).isEmpty();
  }

  @Test
  void bypassAnnotationTurnsMigFitErrorIntoAWarning() {
    Workspace ws = inference("phi-4").partition(mig("1g.10gb")).bypassResourceChecks().build();

    ValidationResult r = create(byoWithGates(true, false), ws);

    assertThat(errors(r)).isEmpty();
    assertThat(r.warnings())
        .containsExactly(
            "Bypassing resource check: Model phi-4 requires at least 27.31Gi for weights, which"
                + " exceeds the 1g.10gb MIG slice capacity of 10Gi");
  }

  // --- rule 21: accelerator --------------------------------------------------------------------

  @Test
  void acceleratorWithGateOffIsRejected() {
    Workspace ws = inference("phi-4").partition(accelerator(1)).build();

    assertThat(errors(create(byoWithGates(true, false), ws)))
        .containsExactly(
            "accelerator partition support is not enabled, set feature gate"
                + " enableAccelerator=true: resource.partition");
  }

  @Test
  void acceleratorWithCountIsAccepted() {
    Workspace ws = inference("phi-4").partition(accelerator(2)).build();

    assertThat(errors(create(byoWithGates(false, true), ws))).isEmpty();
  }

  @Test
  void acceleratorWithProfileIsRejected() {
    Workspace ws =
        inference("phi-4")
            .partition(new PartitionSpec(PartitionMode.ACCELERATOR, "1g.10gb", 1))
            .build();

    assertThat(errors(create(byoWithGates(false, true), ws)))
        .containsExactly(
            "invalid value: profile is not valid for accelerator mode: resource.partition.profile");
  }

  @Test
  void acceleratorWithoutCountIsRejected() {
    Workspace ws = inference("phi-4").partition(accelerator(null)).build();

    assertThat(errors(create(byoWithGates(false, true), ws)))
        .containsExactly("missing field(s): resource.partition.count");
  }

  // --- rule 25: runtimes -----------------------------------------------------------------------

  @Test
  void transformersRuntimeForAModelWithoutTransformersSupportIsRejected() {
    Workspace ws =
        inference("phi-4-mini-instruct").instanceType(A100).runtime("transformers").build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "Runtime validation: model microsoft/phi-4-mini-instruct does not support inference"
                + " with Huggingface Transformers runtime: inference");
  }

  @Test
  void vllmRejectsAdapterStrength() {
    Workspace ws =
        inference("phi-4").instanceType(A100).adapters(adapter("my-adapter", "0.5")).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("Runtime validation: vLLM does not support adapter strength: inference");
  }

  @Test
  void vllmAcceptsAdaptersWithoutStrength() {
    Workspace ws = inference("phi-4").instanceType(A100).adapters(adapter("my-adapter")).build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  // --- rule 26: gated models -------------------------------------------------------------------

  @Test
  void gatedModelWithoutModelAccessSecretIsRejected() {
    Workspace ws = inference("llama-3.1-8b-instruct").instanceType(A100).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "This preset requires authentication and needs a modelAccessSecret with HF_TOKEN key"
                + " under presetOptions to download the model:"
                + " inference.preset.presetOptions.modelAccessSecret");
  }

  @Test
  void gatedModelWithModelAccessSecretIsAccepted() {
    Workspace ws =
        inference("llama-3.1-8b-instruct").instanceType(A100).modelAccessSecret("hf-token").build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  // --- v1alpha1 private access mode ------------------------------------------------------------

  @Test
  void v1alpha1PrivateAccessModeWithoutImageIsRejected() {
    Workspace ws =
        inference("phi-4").instanceType(A100).accessMode(ModelImageAccessMode.PRIVATE).build();

    ValidationResult r = MACHINE.validateCreate(ws, true, StaticClusterLookup.empty());

    assertThat(errors(r))
        .containsExactly(
            "When AccessMode is private, an image must be provided in PresetOptions:"
                + " inference.preset.presetOptions.image");
  }

  @Test
  void v1alpha1PrivateAccessModeWithImageIsAccepted() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .accessMode(ModelImageAccessMode.PRIVATE)
            .presetImage("myregistry.azurecr.io/kaito-phi-4:0.2.0")
            .build();

    assertThat(errors(MACHINE.validateCreate(ws, true, StaticClusterLookup.empty()))).isEmpty();
  }

  @Test
  void v1beta1IgnoresPrivateAccessModeWithoutImage() {
    Workspace ws =
        inference("phi-4").instanceType(A100).accessMode(ModelImageAccessMode.PRIVATE).build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  // --- rule 22: preset xor template ------------------------------------------------------------

  @Test
  void templateWithAContainerIsAccepted() {
    assertThat(errors(create(MACHINE, template().instanceType(A100).build()))).isEmpty();
  }

  @Test
  void templateWithoutContainersIsRejected() {
    Workspace ws = template().instanceType(A100).template(podTemplateWithoutContainers()).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "missing field(s): the pod template must define at least one container:"
                + " inference.template.spec.containers");
  }

  @Test
  void presetAndTemplateTogetherAreRejected() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .template(template().build().getInference().template())
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("Preset and Template cannot be set at the same time: inference");
  }

  @Test
  void neitherPresetNorTemplateIsRejected() {
    Workspace ws = inference("phi-4").instanceType(A100).withoutPreset().build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("missing field(s): Preset or Template must be specified: inference");
  }

  // --- rules 28, 29, 49: adapters --------------------------------------------------------------

  @Test
  void tenAdaptersAreAccepted() {
    Workspace ws = inference("phi-4").instanceType(A100).adapters(adapters(10)).build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @Test
  void elevenAdaptersAreRejected() {
    Workspace ws = inference("phi-4").instanceType(A100).adapters(adapters(11)).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "Number of Adapters exceeds the maximum limit, maximum of 10 allowed:"
                + " inference.adapters");
  }

  @Test
  void duplicateAdapterNamesAreRejected() {
    Workspace ws =
        inference("phi-4").instanceType(A100).adapters(adapter("same"), adapter("same")).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("Duplicate adapter source name found: same: inference.adapters");
  }

  @Test
  void adapterWithoutSourceIsRejected() {
    Workspace ws =
        inference("phi-4").instanceType(A100).adapters(new AdapterSpec(null, null)).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("missing field(s): inference.adapters[0].source");
  }

  @Test
  void adapterWithoutNameIsRejected() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .adapters(new AdapterSpec(imageSource(null, "myregistry.io/adapter:1"), null))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "missing field(s): Name of Adapter field must be specified:"
                + " inference.adapters[0].source.name");
  }

  @Test
  void adapterWithInvalidNameIsRejected() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .adapters(new AdapterSpec(imageSource("My_Adapter", "myregistry.io/adapter:1"), null))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
                + " characters, '-' or '.', and must start and end with an alphanumeric character"
                + " (e.g. 'example.com', regex used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'):"
                + " inference.adapters[0].source.name");
  }

  @Test
  void adapterFromUrlsIsRejected() {
    DataSource source =
        new DataSource("web", List.of("https://example.com/adapter.bin"), null, null, null);
    Workspace ws =
        inference("phi-4").instanceType(A100).adapters(new AdapterSpec(source, null)).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "Either Image or Volume must be specified for adapter source:"
                + " inference.adapters[0].source",
            "URLs are not supported as adapter source: inference.adapters[0].source.urls");
  }

  @Test
  void adapterWithNeitherImageNorVolumeIsRejected() {
    DataSource source = new DataSource("nothing", null, null, null, null);
    Workspace ws =
        inference("phi-4").instanceType(A100).adapters(new AdapterSpec(source, null)).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "Exactly one of URLs, Volume, or Image must be specified: inference.adapters[0].source",
            "Either Image or Volume must be specified for adapter source:"
                + " inference.adapters[0].source");
  }

  @Test
  void adapterFromVolumeIsAccepted() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .adapters(new AdapterSpec(volumeSource("vol"), null))
            .build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @Test
  void adapterWithImageAndVolumeIsRejected() {
    DataSource both =
        new DataSource(
            "both",
            null,
            sh.kaito.operator.testsupport.Workspaces.emptyDir(),
            "myregistry.io/adapter:1",
            null);
    Workspace ws =
        inference("phi-4").instanceType(A100).adapters(new AdapterSpec(both, null)).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "Exactly one of URLs, Volume, or Image must be specified:"
                + " inference.adapters[0].source");
  }

  @Test
  void adapterWithUnparsableImageIsRejected() {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .adapters(new AdapterSpec(imageSource("a1", "myregistry.io/Adapter:1"), null))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: Unable to parse input image reference: invalid reference format:"
                + " repository name (Adapter) must be lowercase:"
                + " inference.adapters[0].source.image");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "0.5", "1.0", "0.0"})
  void adapterStrengthWithinZeroAndOneIsAccepted(String strength) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .runtime("transformers")
            .adapters(adapter("a1", strength))
            .build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-0.1", "1.01", "2"})
  void adapterStrengthOutsideZeroAndOneIsRejected(String strength) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .runtime("transformers")
            .adapters(adapter("a1", strength))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "Strength value for Adapter 'a1' must be between 0 and 1:"
                + " inference.adapters[0].strength");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", "0.5f", "1d", "half"})
  void adapterStrengthThatIsNotANumberIsRejected(String strength) {
    Workspace ws =
        inference("phi-4")
            .instanceType(A100)
            .runtime("transformers")
            .adapters(adapter("a1", strength))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "Invalid strength value for Adapter 'a1': strconv.ParseFloat: parsing \""
                + strength
                + "\": invalid syntax: inference.adapters[0].strength");
  }
}
