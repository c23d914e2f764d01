package sh.kaito.operator.manifests;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.common.TrainingConfigFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingConfigDefaultsTest {
  private static final InstanceTypeCatalog INSTANCE_TYPES = InstanceTypeCatalog.load();

  private static final GpuConfig V100 = gpu("Standard_NC6s_v3");
  private static final GpuConfig T4 = gpu("Standard_NC4as_T4_v3");
  private static final GpuConfig A100 = gpu("Standard_NC24ads_A100_v4");

  private static GpuConfig gpu(String instanceType) {
    return INSTANCE_TYPES.find(instanceType).orElseThrow().gpuConfig();
  }

  @ParameterizedTest
  @ValueSource(strings = {"lora", "qlora"})
  void shippedFilesCarryKaitosDefaults(String method) {
    TrainingConfigFile file =
        TrainingConfigFile.parse(TrainingConfigDefaults.forMethod(method, A100));

    assertThat(file.sectionNames())
        .containsExactlyInAnyOrderElementsOf(TrainingConfigFile.SECTIONS);
    assertThat(file.section("ModelConfig"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("torch_dtype", "bfloat16", "local_files_only", true, "device_map", "auto"));
    assertThat(file.section("LoraConfig"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("r", 8, "lora_alpha", 8, "lora_dropout", 0.0));
    assertThat(file.section("TrainingArguments"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "output_dir",
                "/mnt/results",
                "ddp_find_unused_parameters",
                false,
                "save_strategy",
                "no",
                "per_device_train_batch_size",
                1));
    assertThat(file.section("DataCollator")).containsExactlyEntriesOf(Map.of("mlm", true));
    assertThat(file.section("DatasetConfig"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("shuffle_dataset", true, "train_test_split", 1));
  }

  @Test
  void quantizationDiffersByMethod() {
    assertThat(section("lora", A100, "QuantizationConfig"))
        .containsExactlyEntriesOf(Map.of("load_in_4bit", false));
    assertThat(section("qlora", A100, "QuantizationConfig"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "load_in_4bit",
                true,
                "bnb_4bit_quant_type",
                "nf4",
                "bnb_4bit_compute_dtype",
                "bfloat16",
                "bnb_4bit_use_double_quant",
                true));
  }

  @Test
  void ampereKeepsTheShippedFileUnchanged() {
    assertThat(TrainingConfigDefaults.forMethod("qlora", A100))
        .isEqualTo(TrainingConfigDefaults.template("qlora"));
    assertThat(section("qlora", A100, "TrainingArguments")).doesNotContainKeys("fp16", "bf16");
  }

  @Test
  void unknownGpuIsTreatedAsBfloat16Capable() {
    assertThat(TrainingConfigDefaults.forMethod("lora", null))
        .isEqualTo(TrainingConfigDefaults.template("lora"));
  }

  @Test
  void v100QloraComputesInFloat16() {
    String yaml = TrainingConfigDefaults.forMethod("qlora", V100);

    assertThat(yaml).doesNotContain("bfloat16");
    TrainingConfigFile file = TrainingConfigFile.parse(yaml);
    assertThat(file.section("ModelConfig")).containsEntry("torch_dtype", "float16");
    assertThat(file.section("QuantizationConfig"))
        .containsEntry("bnb_4bit_compute_dtype", "float16")
        .containsEntry("load_in_4bit", true);
    assertThat(file.section("TrainingArguments"))
        .containsEntry("fp16", true)
        .doesNotContainKey("bf16")
        // the rest of the section is untouched
        .containsEntry("output_dir", "/mnt/results")
        .containsEntry("per_device_train_batch_size", 1);
    assertThat(file.sectionNames())
        .containsExactlyInAnyOrderElementsOf(TrainingConfigFile.SECTIONS);
  }

  @Test
  void t4LoraComputesInFloat16() {
    TrainingConfigFile file =
        TrainingConfigFile.parse(TrainingConfigDefaults.forMethod("lora", T4));

    assertThat(file.section("ModelConfig")).containsEntry("torch_dtype", "float16");
    assertThat(file.section("TrainingArguments")).containsEntry("fp16", true);
    assertThat(file.section("QuantizationConfig"))
        .containsExactlyEntriesOf(Map.of("load_in_4bit", false));
  }

  @Test
  void float16RewriteKeepsCommentsAndOtherLines() {
    String template = TrainingConfigDefaults.template("qlora");
    String rewritten = TrainingConfigDefaults.forMethod("qlora", V100);

    // exactly one line added; every other line is the template's, dtypes aside
    assertThat(rewritten.lines().count()).isEqualTo(template.lines().count() + 1);
    assertThat(rewritten.replace("\"float16\"", "\"bfloat16\"").lines())
        .containsAll(template.lines().toList());
  }

  @Test
  void methodIsCaseInsensitive() {
    assertThat(TrainingConfigDefaults.forMethod("QLoRA", V100))
        .isEqualTo(TrainingConfigDefaults.forMethod("qlora", V100));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "full", "lora2"})
  void rejectsOtherMethods(String method) {
    assertThatThrownBy(() -> TrainingConfigDefaults.forMethod(method, A100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lora or qlora");
  }

  @Test
  void rejectsNullMethod() {
    assertThatThrownBy(() -> TrainingConfigDefaults.forMethod(null, A100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void float16RewriteNeedsTrainingArguments() {
    assertThatThrownBy(
            () -> TrainingConfigDefaults.float16("training_config:\n  ModelConfig: {}\n"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void isDeterministic() {
    assertThat(TrainingConfigDefaults.forMethod("qlora", V100))
        .isEqualTo(TrainingConfigDefaults.forMethod("qlora", gpu("Standard_NC6s_v3")));
  }

  private static Map<String, Object> section(String method, GpuConfig gpu, String name) {
    return TrainingConfigFile.parse(TrainingConfigDefaults.forMethod(method, gpu)).section(name);
  }
}
