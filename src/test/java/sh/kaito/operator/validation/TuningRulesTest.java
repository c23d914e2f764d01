package sh.kaito.operator.validation;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import sh.kaito.operator.api.v1beta1.DataDestination;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.StaticClusterLookup;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.V100;
import static sh.kaito.operator.testsupport.Workspaces.V100_PRODUCT;
import static sh.kaito.operator.testsupport.Workspaces.emptyDir;
import static sh.kaito.operator.testsupport.Workspaces.gpuNode;
import static sh.kaito.operator.testsupport.Workspaces.imageOutput;
import static sh.kaito.operator.testsupport.Workspaces.imageSource;
import static sh.kaito.operator.testsupport.Workspaces.mig;
import static sh.kaito.operator.testsupport.Workspaces.nodes;
import static sh.kaito.operator.testsupport.Workspaces.tuning;
import static sh.kaito.operator.testsupport.Workspaces.urls;
import static sh.kaito.operator.testsupport.Workspaces.volumeOutput;
import static sh.kaito.operator.testsupport.Workspaces.volumeSource;
import static sh.kaito.operator.validation.ValidationFixtures.BYO;
import static sh.kaito.operator.validation.ValidationFixtures.MACHINE;
import static sh.kaito.operator.validation.ValidationFixtures.create;
import static sh.kaito.operator.validation.ValidationFixtures.errors;

/** CREATE rules of kaito.md §2.1 for tuning Workspaces (rules 35, 42 to 48) and GPU memory. */
class TuningRulesTest {
  private static final String LOCAL_ENDPOINT =
      "data source URL must not target a local or metadata endpoint";
  private static final String INTERNAL_ADDRESS =
      "data source URL must not target a loopback, private, or link-local address";

  /** QLoRA of phi-3-mini on a V100: the seed example with its placeholders filled in. */
  private static Workspace seed() {
    return tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).build();
  }

  @Test
  void qloraPhi3MiniOnV100IsAccepted() {
    ValidationResult r = create(MACHINE, seed());

    assertThat(errors(r)).isEmpty();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void seedPlaceholdersAreRejectedWithTheParserMessage() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .output(
                imageOutput(
                    "ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1", "ACR_REGISTRY_SECRET_HERE"))
            .build();

    ValidationResult r = MACHINE.validateCreate(ws, true, StaticClusterLookup.empty());

    assertThat(errors(r))
        .contains(
            "invalid value: Unable to parse output image reference: invalid reference format:"
                + " repository name (IMAGE_NAME_HERE) must be lowercase; use a reference such as"
                + " myregistry.azurecr.io/my-adapter:0.0.1: tuning.output.image");
    assertThat(errors(r)).hasSize(2);
    assertThat(errors(r).get(1))
        .startsWith("invalid value: \"ACR_REGISTRY_SECRET_HERE\" is not a valid Secret name: ")
        .endsWith(
            "; set it to the name of a kubernetes.io/dockerconfigjson Secret in the Workspace"
                + " namespace: tuning.output.imagePushSecret");
  }

  // --- rule 44 / 45: one node, no partition ----------------------------------------------------

  @Test
  void countAboveOneIsRejected() {
    Workspace ws = tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).count(2).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: Tuning does not currently support multinode configurations. Please set"
                + " the node count to 1. Future support with DeepSpeed will allow this.:"
                + " resource.count");
  }

  @Test
  void partitionIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .partition(mig("1g.10gb"))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: GPU partitioning is not supported for tuning workloads:"
                + " resource.partition");
  }

  // --- rule 35: method -------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"full", "prefix-tuning", "lora2"})
  void unknownMethodIsRejected(String method) {
    Workspace ws = tuning("phi-3-mini-128k-instruct", method).instanceType(V100).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("invalid value: " + method + ": tuning.method");
  }

  @Test
  void missingMethodIsRejected() {
    Workspace ws = tuning("phi-3-mini-128k-instruct", null).instanceType(V100).build();

    assertThat(errors(create(MACHINE, ws))).containsExactly("invalid value: : tuning.method");
  }

  @ParameterizedTest
  @ValueSource(strings = {"QLORA", "QLoRA", "qlora"})
  void methodIsCaseInsensitive(String method) {
    Workspace ws = tuning("phi-3-mini-128k-instruct", method).instanceType(V100).build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  // --- rule 42: input and output required ------------------------------------------------------

  @Test
  void missingInputIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).input(null).build();

    assertThat(errors(create(MACHINE, ws))).containsExactly("missing field(s): tuning.input");
  }

  @Test
  void missingOutputIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).output(null).build();

    assertThat(errors(create(MACHINE, ws))).containsExactly("missing field(s): tuning.output");
  }

  // --- rule 46: input is exactly one of urls, volume, image --------------------------------------

  @Test
  void inputWithUrlsAndImageIsRejected() {
    DataSource both =
        new DataSource(
            "data", List.of("https://example.com/d.jsonl"), null, "myregistry.io/data:1", null);
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).input(both).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("Exactly one of URLs, Volume, or Image must be specified: tuning.input");
  }

  @Test
  void inputWithVolumeAndImageIsRejected() {
    DataSource both = new DataSource("data", null, emptyDir(), "myregistry.io/data:1", null);
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).input(both).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("Exactly one of URLs, Volume, or Image must be specified: tuning.input");
  }

  @Test
  void inputWithNothingIsRejected() {
    DataSource none = new DataSource("data", List.of(), null, "", null);
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).input(none).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("Exactly one of URLs, Volume, or Image must be specified: tuning.input");
  }

  @Test
  void inputFromVolumeIsAccepted() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .input(volumeSource("data"))
            .build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @Test
  void inputFromImageIsAccepted() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .input(imageSource("data", "myregistry.azurecr.io/datasets/dolly:1.0"))
            .build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @Test
  void inputImageThatDoesNotParseIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .input(imageSource("data", "myregistry.io/Dolly:1.0"))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: Unable to parse input image reference: invalid reference format:"
                + " repository name (Dolly) must be lowercase: tuning.input.image");
  }

  // --- rule 48: output is exactly one of volume, image -------------------------------------------

  @Test
  void outputWithImageAndVolumeIsRejected() {
    DataDestination both = new DataDestination(emptyDir(), "myregistry.io/adapter:1", "push");
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).output(both).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "missing field(s): Exactly one of Volume or Image must be specified: tuning.output");
  }

  @Test
  void outputWithNothingIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .output(new DataDestination(null, null, null))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "missing field(s): Exactly one of Volume or Image must be specified: tuning.output");
  }

  @Test
  void outputToVolumeIsAccepted() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .output(volumeOutput())
            .build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @Test
  void outputPlaceholderImageIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .output(
                imageOutput("ACR_REPO_HERE.azurecr.io/IMAGE_NAME_HERE:0.0.1", "acr-push-secret"))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: Unable to parse output image reference: invalid reference format:"
                + " repository name (IMAGE_NAME_HERE) must be lowercase; use a reference such as"
                + " myregistry.azurecr.io/my-adapter:0.0.1: tuning.output.image");
  }

  @Test
  void outputImageWithoutPushSecretIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .output(imageOutput("myregistry.azurecr.io/adapter:1", null))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "missing field(s): Must specify imagePushSecret with destination image:"
                + " tuning.output.imagePushSecret");
  }

  @Test
  void outputPushSecretThatIsNotAValidNameIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .output(imageOutput("myregistry.azurecr.io/adapter:1", "ACR_SECRET"))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: \"ACR_SECRET\" is not a valid Secret name: a lowercase RFC 1123"
                + " subdomain must consist of lower case alphanumeric characters, '-' or '.', and"
                + " must start and end with an alphanumeric character (e.g. 'example.com', regex"
                + " used for validation is"
                + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'); set it to"
                + " the name of a kubernetes.io/dockerconfigjson Secret in the Workspace namespace:"
                + " tuning.output.imagePushSecret");
  }

  // --- rule 47: URL guard through the validator --------------------------------------------------

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://169.254.169.254/latest/meta-data/ | " + INTERNAL_ADDRESS,
        "http://127.0.0.1:8080/data.jsonl | " + INTERNAL_ADDRESS,
        "http://[::1]/data.jsonl | " + INTERNAL_ADDRESS,
        "http://10.0.0.5/data.jsonl | " + INTERNAL_ADDRESS,
        "http://2130706433/data.jsonl | " + INTERNAL_ADDRESS,
        "http://localhost/data.jsonl | " + LOCAL_ENDPOINT,
        "http://metadata.google.internal/computeMetadata/v1/ | " + LOCAL_ENDPOINT,
        "ftp://example.com/data.jsonl | data source URL must use HTTP or HTTPS",
        "http:///data.jsonl | invalid data source URL",
      })
  void internalOrMalformedUrlsAreRejected(String url, String reason) {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).input(urls(url)).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("invalid value: " + reason + ": tuning.input.urls");
  }

  @Test
  void everyRefusedUrlIsReported() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .instanceType(V100)
            .input(
                urls("https://example.com/ok.jsonl", "http://192.168.1.10/a", "http://localhost/b"))
            .build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: " + INTERNAL_ADDRESS + ": tuning.input.urls",
            "invalid value: " + LOCAL_ENDPOINT + ": tuning.input.urls");
  }

  // --- rule 43: preset ------------------------------------------------------------------------

  @Test
  void missingPresetIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).withoutPreset().build();

    assertThat(errors(create(MACHINE, ws))).containsExactly("missing field(s): tuning.preset");
  }

  @Test
  void unsupportedPresetIsRejected() {
    Workspace ws = tuning("gpt-5", "qlora").instanceType(V100).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("invalid value: Unsupported tuning preset name gpt-5: tuning.preset.name");
  }

  @Test
  void deprecatedPresetIsRejectedAsUnsupported() {
    Workspace ws = tuning("phi-2", "qlora").instanceType(V100).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly("invalid value: Unsupported tuning preset name phi-2: tuning.preset.name");
  }

  @Test
  void presetThatCannotBeTunedIsRejectedWithTheTunableList() {
    Workspace ws = tuning("llama-3.1-8b-instruct", "qlora").instanceType(V100).build();

    List<String> errors = errors(create(MACHINE, ws));

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .startsWith(
            "invalid value: Preset llama-3.1-8b-instruct does not support tuning; presets that do:"
                + " phi-4, phi-4-mini-instruct, phi-3-mini-4k-instruct,")
        .contains("qwen2.5-coder-32b-instruct")
        .doesNotContain("phi-2")
        .endsWith(": tuning.preset.name");
  }

  // --- GPU memory for tuning ---------------------------------------------------------------------

  @Test
  void loraOfPhi3MediumOnV100IsRejectedWithTheNumbers() {
    Workspace ws = tuning("phi-3-medium-128k-instruct", "lora").instanceType(V100).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: Insufficient GPU memory for lora tuning: preset"
                + " phi-3-medium-128k-instruct needs about 36.2 GiB per GPU (weights 26.0 GiB, LoRA"
                + " optimizer state 2.1 GiB, activations 6.6 GiB, overhead 1.5 GiB), but instance"
                + " type Standard_NC6s_v3 has 16.0 GiB per GPU (15.2 GiB usable); method qlora"
                + " needs much less memory: resource.instanceType");
  }

  @Test
  void qloraOfQwen32bOnV100IsRejectedWithoutTheQloraHint() {
    Workspace ws = tuning("qwen2.5-coder-32b-instruct", "qlora").instanceType(V100).build();

    assertThat(errors(create(MACHINE, ws)))
        .containsExactly(
            "invalid value: Insufficient GPU memory for qlora tuning: preset"
                + " qwen2.5-coder-32b-instruct needs about 25.5 GiB per GPU (weights 18.3 GiB, LoRA"
                + " optimizer state 4.9 GiB, activations 0.8 GiB, overhead 1.5 GiB), but instance"
                + " type Standard_NC6s_v3 has 16.0 GiB per GPU (15.2 GiB usable):"
                + " resource.instanceType");
  }

  @Test
  void loraOfPhi3MediumOnA100IsAccepted() {
    Workspace ws =
        tuning("phi-3-medium-128k-instruct", "lora")
            .instanceType("Standard_NC24ads_A100_v4")
            .build();

    assertThat(errors(create(MACHINE, ws))).isEmpty();
  }

  @Test
  void bypassAnnotationTurnsTuningMemoryErrorIntoAWarning() {
    Workspace ws =
        tuning("phi-3-medium-128k-instruct", "lora")
            .instanceType(V100)
            .bypassResourceChecks()
            .build();

    ValidationResult r = create(MACHINE, ws);

    assertThat(errors(r)).isEmpty();
    assertThat(r.warnings())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(
            "Bypassing resource check: Insufficient GPU memory for lora tuning: preset"
                + " phi-3-medium-128k-instruct needs about 36.2 GiB per GPU");
  }

  @Test
  void tuningOnAnInstanceTypeOutsideTheCatalogIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType("Standard_NC999_future").build();

    List<String> errors = errors(create(MACHINE, ws));

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .startsWith(
            "invalid value: Unsupported instance type Standard_NC999_future for tuning: the tuning"
                + " job needs to know the GPUs of the node; supported SKUs: [")
        .endsWith("]: resource.instanceType");
  }

  // --- tuning in BYO mode reads the nodes' GPU labels -------------------------------------------

  @Test
  void byoTuningFitsOnMatchingV100Node() {
    Workspace ws = tuning("phi-3-mini-128k-instruct", "qlora").build();
    StaticClusterLookup cluster =
        nodes(gpuNode("gpu-1", V100_PRODUCT, 1, 16384, Map.of("app", "test")));

    assertThat(errors(create(BYO, ws, cluster))).isEmpty();
  }

  @Test
  void byoTuningTooBigForTheNodesIsRejectedNamingTheNode() {
    Workspace ws = tuning("phi-3-medium-128k-instruct", "lora").build();
    StaticClusterLookup cluster =
        nodes(gpuNode("gpu-1", V100_PRODUCT, 1, 16384, Map.of("app", "test")));

    assertThat(errors(create(BYO, ws, cluster)))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("but node gpu-1 has 16.0 GiB per GPU (15.2 GiB usable)");
  }

  @Test
  void byoTuningWithoutMatchingNodesIsRejected() {
    Workspace ws = tuning("phi-3-mini-128k-instruct", "qlora").build();

    assertThat(errors(create(BYO, ws, nodes())))
        .containsExactly("No nodes found matching the specified label selector");
  }
}
