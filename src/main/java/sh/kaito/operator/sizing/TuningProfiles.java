package sh.kaito.operator.sizing;

import java.util.Map;

import sh.kaito.operator.common.TrainingConfigFile;

/** Reads the memory-relevant training settings from a user's training configuration. */
public final class TuningProfiles {
  private TuningProfiles() {}

  /**
   * The profile of a training configuration, with KAITO's defaults where it is silent: 4 or 8 bits
   * from QuantizationConfig, batch size and max_length (or max_seq_length) from TrainingArguments;
   * gradient checkpointing when quantized (peft turns it on) or asked for.
   */
  public static TuningProfile from(TrainingConfigFile file) {
    Map<String, Object> quant = file.section("QuantizationConfig");
    Map<String, Object> args = file.section("TrainingArguments");
    int bits = 16;
    if (Boolean.TRUE.equals(quant.get("load_in_4bit"))) {
      bits = 4;
    } else if (Boolean.TRUE.equals(quant.get("load_in_8bit"))) {
      bits = 8;
    }
    int batch = intOr(args.get("per_device_train_batch_size"), 1);
    Object length =
        args.containsKey("max_length") ? args.get("max_length") : args.get("max_seq_length");
    int sequence = intOr(length, TuningProfile.DEFAULT_SEQUENCE_LENGTH);
    boolean checkpointing = bits < 16 || Boolean.TRUE.equals(args.get("gradient_checkpointing"));
    return new TuningProfile(bits, Math.max(batch, 1), Math.max(sequence, 1), checkpointing);
  }

  private static int intOr(Object value, int fallback) {
    return value instanceof Number n ? n.intValue() : fallback;
  }
}
