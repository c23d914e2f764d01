package sh.kaito.operator.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sh.kaito.operator.catalog.GpuConfig;

/**
 * The {@code training_config.yaml} the operator ships for each tuning method, adapted to the GPU
 * that will run it.
 *
 * <p>KAITO's defaults compute in bfloat16, which needs compute capability 8.0 (Ampere). On older
 * GPUs (V100, T4) every bfloat16 value becomes float16 and the training arguments switch on fp16
 * mixed precision. The trainer's argument class turns bf16 on by itself only when fp16 is off, so
 * the fp16 flag is all it takes to keep bfloat16 out of the run.
 */
public final class TrainingConfigDefaults {
  public static final String LORA = "lora";
  public static final String QLORA = "qlora";

  static final String LORA_RESOURCE = "/tuning/lora-training-config.yaml";
  static final String QLORA_RESOURCE = "/tuning/qlora-training-config.yaml";

  /** The keys whose value is a torch dtype. */
  private static final Pattern DTYPE_LINE =
      Pattern.compile("^(\\s*(?:torch_dtype|bnb_4bit_compute_dtype):\\s*)\"bfloat16\"(.*)$");

  private static final Pattern TRAINING_ARGUMENTS = Pattern.compile("^(\\s*)TrainingArguments:.*$");
  private static final Pattern INDENT = Pattern.compile("^(\\s*)\\S.*$");

  private static final String LORA_TEXT = load(LORA_RESOURCE);
  private static final String QLORA_TEXT = load(QLORA_RESOURCE);

  private TrainingConfigDefaults() {}

  /**
   * The default configuration for a method on a GPU.
   *
   * @param method {@code lora} or {@code qlora}, in any case
   * @param gpus the node's GPUs; null when unknown, which is treated as bfloat16-capable (every
   *     instance type KAITO lists today is)
   * @throws IllegalArgumentException for any other method
   */
  public static String forMethod(String method, GpuConfig gpus) {
    String text = template(method);
    return gpus == null || gpus.supportsBfloat16() ? text : float16(text);
  }

  /** The shipped file for a method, unchanged (bfloat16). */
  static String template(String method) {
    String m = method == null ? "" : method.toLowerCase(Locale.ROOT);
    return switch (m) {
      case LORA -> LORA_TEXT;
      case QLORA -> QLORA_TEXT;
      default ->
          throw new IllegalArgumentException(
              "tuning method must be lora or qlora, got '" + method + "'");
    };
  }

  /**
   * Rewrites a shipped file for a GPU without bfloat16: float16 dtypes, and {@code fp16: true} as
   * the first training argument.
   */
  static String float16(String yaml) {
    List<String> out = new ArrayList<>();
    boolean inserted = false;
    String[] lines = yaml.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher dtype = DTYPE_LINE.matcher(line);
      out.add(dtype.matches() ? dtype.group(1) + "\"float16\"" + dtype.group(2) : line);
      if (!inserted && TRAINING_ARGUMENTS.matcher(line).matches()) {
        out.add(
            firstChildIndent(lines, i)
                + "fp16: true # compute capability below 8.0: half precision is float16");
        inserted = true;
      }
    }
    if (!inserted) {
      throw new IllegalStateException("the default training config has no TrainingArguments");
    }
    return String.join("\n", out);
  }

  /** The indentation of the first non-blank, non-comment line after {@code index}. */
  private static String firstChildIndent(String[] lines, int index) {
    for (int j = index + 1; j < lines.length; j++) {
      Matcher m = INDENT.matcher(lines[j]);
      if (m.matches() && !lines[j].trim().startsWith("#")) {
        return m.group(1);
      }
    }
    throw new IllegalStateException("TrainingArguments in the default training config is empty");
  }

  private static String load(String resource) {
    try (InputStream in = TrainingConfigDefaults.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
