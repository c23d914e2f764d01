package sh.kaito.operator.validation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.common.StaticClusterLookup;

import static org.assertj.core.api.Assertions.assertThat;
import static sh.kaito.operator.testsupport.Workspaces.V100;
import static sh.kaito.operator.testsupport.Workspaces.configMap;
import static sh.kaito.operator.testsupport.Workspaces.configMaps;
import static sh.kaito.operator.testsupport.Workspaces.trainingConfig;
import static sh.kaito.operator.testsupport.Workspaces.tuning;
import static sh.kaito.operator.validation.ValidationFixtures.MACHINE;
import static sh.kaito.operator.validation.ValidationFixtures.create;
import static sh.kaito.operator.validation.ValidationFixtures.errors;

/** The training ConfigMap of a tuning Workspace (kaito.md §2.1 rules 37 to 41). */
class TuningConfigRulesTest {
  private static final String QLORA_CONFIG =
      """
      training_config:
        ModelConfig:
          torch_dtype: bfloat16
        QuantizationConfig:
          load_in_4bit: true
          bnb_4bit_quant_type: nf4
        LoraConfig:
          r: 8
        TrainingArguments:
          output_dir: /mnt/results
          per_device_train_batch_size: 1
        DatasetConfig:
          shuffle_dataset: true
        DataCollator:
          mlm: true
      """;

  private static List<String> validate(String method, String yaml) {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", method).instanceType(V100).config("tc").build();
    return errors(create(MACHINE, ws, configMaps(trainingConfig("tc", yaml))));
  }

  private static String quantization(String body) {
    return "training_config:\n  QuantizationConfig:\n" + body;
  }

  private static String outputDir(String value) {
    return "training_config:\n  QuantizationConfig:\n    load_in_4bit: true\n"
        + "  TrainingArguments:\n    output_dir: "
        + value
        + "\n";
  }

  @Test
  void completeQloraConfigIsAccepted() {
    assertThat(validate("qlora", QLORA_CONFIG)).isEmpty();
  }

  @Test
  void missingConfigMapIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).config("tc").build();

    assertThat(errors(create(MACHINE, ws, StaticClusterLookup.empty())))
        .containsExactly(
            "Failed to evaluate validateConfigMap: ConfigMap 'tc' specified in 'config' not found"
                + " in namespace 'default': tuning.config");
  }

  @Test
  void configMapInAnotherNamespaceIsNotFound() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora")
            .namespace("team-a")
            .instanceType(V100)
            .config("tc")
            .build();

    assertThat(errors(create(MACHINE, ws, configMaps(trainingConfig("tc", QLORA_CONFIG)))))
        .containsExactly(
            "Failed to evaluate validateConfigMap: ConfigMap 'tc' specified in 'config' not found"
                + " in namespace 'team-a': tuning.config");
  }

  @Test
  void configMapWithoutTrainingConfigKeyIsRejected() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "qlora").instanceType(V100).config("tc").build();

    assertThat(errors(create(MACHINE, ws, configMaps(configMap("tc", "other.yaml", QLORA_CONFIG)))))
        .containsExactly("missing field(s): training_config.yaml in ConfigMap: tuning.config");
  }

  @ParameterizedTest
  @ValueSource(strings = {"training_config: 5\n", "training_config: [a, b]\n", "other: {}\n"})
  void trainingConfigThatIsNotAMapIsRejected(String yaml) {
    assertThat(validate("qlora", yaml))
        .containsExactly(
            "invalid value: Expected 'training_config' key to contain a map: tuning.config");
  }

  @Test
  void unparsableYamlIsRejected() {
    assertThat(validate("qlora", "training_config: {unclosed\n"))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("invalid value: ")
        .endsWith(": tuning.config");
  }

  @Test
  void unrecognizedSectionIsRejected() {
    String yaml = QLORA_CONFIG + "  PeftConfig:\n    r: 4\n";

    assertThat(validate("qlora", yaml))
        .containsExactly("invalid value: Unrecognized section: PeftConfig: tuning.config");
  }

  @Test
  void loadIn4bitThatIsNotABooleanIsRejected() {
    assertThat(validate("qlora", quantization("    load_in_4bit: \"true\"\n")))
        .containsExactly(
            "invalid value: load_in_4bit: value must be either nil or a boolean, got type string:"
                + " tuning.config");
  }

  @Test
  void loadIn8bitThatIsANumberIsRejected() {
    assertThat(validate("qlora", quantization("    load_in_8bit: 1\n")))
        .containsExactly(
            "invalid value: load_in_8bit: value must be either nil or a boolean, got type int:"
                + " tuning.config");
  }

  @Test
  void bothQuantizationsTrueAreRejected() {
    assertThat(validate("qlora", quantization("    load_in_4bit: true\n    load_in_8bit: true\n")))
        .containsExactly(
            "Cannot set both 'load_in_4bit' and 'load_in_8bit' to true in ConfigMap 'tc':"
                + " tuning.config");
  }

  @ParameterizedTest
  @ValueSource(strings = {"load_in_4bit", "load_in_8bit"})
  void loraWithQuantizationIsRejected(String key) {
    assertThat(validate("lora", quantization("    " + key + ": true\n")))
        .containsExactly(
            "For method 'lora', 'load_in_4bit' or 'load_in_8bit' in ConfigMap 'tc' must not be"
                + " true: tuning.config");
  }

  @Test
  void loraWithQuantizationFalseIsAccepted() {
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "lora")
            .instanceType("Standard_NC24ads_A100_v4")
            .config("tc")
            .build();
    String yaml = quantization("    load_in_4bit: false\n");

    assertThat(errors(create(MACHINE, ws, configMaps(trainingConfig("tc", yaml))))).isEmpty();
  }

  @Test
  void qloraWithoutQuantizationIsRejected() {
    assertThat(
            validate("qlora", quantization("    load_in_4bit: false\n    load_in_8bit: false\n")))
        .containsExactly(
            "missing field(s): For method 'qlora', either 'load_in_4bit' or 'load_in_8bit' must be"
                + " true in ConfigMap 'tc': tuning.config");
  }

  @Test
  void qloraWithoutQuantizationConfigSectionIsRejected() {
    assertThat(validate("qlora", "training_config:\n  LoraConfig:\n    r: 8\n"))
        .containsExactly(
            "missing field(s): For method 'qlora', either 'load_in_4bit' or 'load_in_8bit' must be"
                + " true in ConfigMap 'tc': tuning.config");
  }

  @Test
  void qloraWith8bitIsAccepted() {
    assertThat(validate("qlora", quantization("    load_in_8bit: true\n"))).isEmpty();
  }

  @Test
  void outputDirThatIsNotAStringIsRejected() {
    assertThat(validate("qlora", outputDir("123")))
        .containsExactly(
            "invalid value: output_dir is not a string in ConfigMap 'tc' in namespace 'default':"
                + " tuning.config");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/mnt", "/mnt/", "../etc", "/mnt/../etc", "results/../..", "\"\"", "/"})
  void outputDirOutsideOrEqualToMntIsRejected(String dir) {
    String shown = dir.equals("\"\"") ? "" : dir;

    assertThat(validate("qlora", outputDir(dir)))
        .containsExactly(
            "invalid value: Invalid output_dir specified: '"
                + shown
                + "', must be a directory: tuning.config");
  }

  @ParameterizedTest
  @ValueSource(strings = {"results", "/mnt/results", "/mnt/out/adapter", "./results", "/results"})
  void outputDirUnderMntIsAccepted(String dir) {
    assertThat(validate("qlora", outputDir(dir))).isEmpty();
  }

  @Test
  void configWithLargerBatchFeedsTheMemoryEstimate() {
    // 16-bit LoRA of phi-3-mini fits an A100 at batch 1 but not at batch 64 with 4096 tokens.
    Workspace ws =
        tuning("phi-3-mini-128k-instruct", "lora")
            .instanceType("Standard_NC24ads_A100_v4")
            .config("tc")
            .build();
    String yaml =
        "training_config:\n  TrainingArguments:\n    per_device_train_batch_size: 64\n"
            + "    max_length: 4096\n";

    List<String> errors = errors(create(MACHINE, ws, configMaps(trainingConfig("tc", yaml))));

    assertThat(errors)
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith(
            "invalid value: Insufficient GPU memory for lora tuning: preset"
                + " phi-3-mini-128k-instruct needs about ");
  }
}
