package sh.kaito.operator.sizing;

import org.junit.jupiter.api.Test;

import sh.kaito.operator.catalog.ByteQuantity;
import sh.kaito.operator.catalog.GpuConfig;
import sh.kaito.operator.catalog.ModelPreset;
import sh.kaito.operator.common.TrainingConfigFile;
import sh.kaito.operator.testsupport.Workspaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The LoRA/QLoRA memory estimate and the training profile read from a config file. */
class TuningMemoryEstimatorTest {
  private static final double GI = ByteQuantity.GI;

  private static ModelPreset model(String name) {
    return Workspaces.models().findSupported(name).orElseThrow();
  }

  private static GpuConfig sku(String name) {
    return Workspaces.instanceTypes().find(name).orElseThrow().gpuConfig();
  }

  private static double gib(long bytes) {
    return bytes / GI;
  }

  @Test
  void qloraOfPhi3MiniOnV100Fits() {
    // 7.12 GiB of 16-bit weights: NF4 keeps 30% = 2.136 GiB; LoRA state 1% x 16 B per parameter
    // (3.56 G parameters) = 0.5696 GiB; activations with checkpointing 1024 x 3072 x (2 x 32 + 34)
    // bytes = 0.2871 GiB; overhead 1.5 GiB. Usable: 95% of 16 GiB = 15.2 GiB.
    TuningMemoryEstimate e =
        TuningMemoryEstimator.estimate(
            model("phi-3-mini-128k-instruct"),
            TuningProfile.defaultQlora(),
            sku("Standard_NC6s_v3"));

    assertThat(gib(e.weightsBytes())).isCloseTo(2.136, within(0.001));
    assertThat(gib(e.optimizerBytes())).isCloseTo(0.5696, within(0.0001));
    assertThat(e.activationBytes()).isEqualTo(1024L * 3072 * 98);
    assertThat(gib(e.overheadBytes())).isEqualTo(1.5);
    assertThat(gib(e.usablePerGpuBytes())).isCloseTo(15.2, within(1e-6));
    assertThat(gib(e.totalBytes())).isCloseTo(4.493, within(0.001));
    assertThat(e.fits()).isTrue();
  }

  @Test
  void loraOfPhi3MediumOnV100DoesNotFit() {
    // 26 GiB weights; LoRA state 2.08 GiB; activations without checkpointing
    // 1024 x 5120 x 34 x 40 bytes = 6.64 GiB; overhead 1.5 GiB -> 36.22 GiB > 15.2 GiB.
    TuningMemoryEstimate e =
        TuningMemoryEstimator.estimate(
            model("phi-3-medium-128k-instruct"),
            TuningProfile.defaultLora(),
            sku("Standard_NC6s_v3"));

    assertThat(gib(e.weightsBytes())).isEqualTo(26.0);
    assertThat(gib(e.optimizerBytes())).isCloseTo(2.08, within(1e-6));
    assertThat(e.activationBytes()).isEqualTo(1024L * 5120 * 34 * 40);
    assertThat(gib(e.totalBytes())).isCloseTo(36.2206, within(0.001));
    assertThat(e.fits()).isFalse();
    assertThat(e.breakdown())
        .isEqualTo(
            "weights 26.0 GiB, LoRA optimizer state 2.1 GiB, activations 6.6 GiB, overhead 1.5"
                + " GiB");
  }

  @Test
  void eightBitKeeps55PercentOfTheWeights() {
    TuningMemoryEstimate e =
        TuningMemoryEstimator.estimate(
            model("phi-3-medium-128k-instruct"),
            new TuningProfile(8, 1, 1024, true),
            sku("Standard_NC24ads_A100_v4"));

    assertThat(gib(e.weightsBytes())).isCloseTo(26.0 * 0.55, within(1e-6));
    assertThat(gib(e.usablePerGpuBytes())).isCloseTo(76.0, within(1e-6));
    assertThat(e.fits()).isTrue();
  }

  @Test
  void activationsGrowWithBatchAndSequence() {
    ModelPreset phi3 = model("phi-3-mini-128k-instruct");
    GpuConfig a100 = sku("Standard_NC24ads_A100_v4");

    TuningMemoryEstimate base =
        TuningMemoryEstimator.estimate(phi3, TuningProfile.defaultLora(), a100);
    TuningMemoryEstimate big =
        TuningMemoryEstimator.estimate(phi3, new TuningProfile(16, 4, 2048, false), a100);

    assertThat(big.activationBytes()).isEqualTo(base.activationBytes() * 8);
    assertThat(base.fits()).isTrue();
  }

  @Test
  void profileIsReadFromTheTrainingConfig() {
    TrainingConfigFile file =
        TrainingConfigFile.parse(
            """
            training_config:
              QuantizationConfig:
                load_in_8bit: true
              TrainingArguments:
                per_device_train_batch_size: 4
                max_seq_length: 512
            """);

    assertThat(TuningProfiles.from(file)).isEqualTo(new TuningProfile(8, 4, 512, true));
  }

  @Test
  void maxLengthWinsOverMaxSeqLength() {
    TrainingConfigFile file =
        TrainingConfigFile.parse(
            """
            training_config:
              TrainingArguments:
                max_length: 2048
                max_seq_length: 512
                gradient_checkpointing: true
            """);

    assertThat(TuningProfiles.from(file)).isEqualTo(new TuningProfile(16, 1, 2048, true));
  }

  @Test
  void emptyConfigGivesTheLoraDefaults() {
    TrainingConfigFile file = TrainingConfigFile.parse("training_config: {}\n");

    assertThat(TuningProfiles.from(file)).isEqualTo(TuningProfile.defaultLora());
    assertThat(TuningProfile.defaultQlora()).isEqualTo(new TuningProfile(4, 1, 1024, true));
  }
}
