package sh.kaito.operator.common;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The {@code training_config.yaml} of a tuning ConfigMap. */
public final class TrainingConfigFile {
  public static final String KEY = "training_config.yaml";

  /** The sections KAITO's trainer reads. */
  public static final List<String> SECTIONS =
      List.of(
          "ModelConfig",
          "QuantizationConfig",
          "LoraConfig",
          "TrainingArguments",
          "DatasetConfig",
          "DataCollator");

  private static final ObjectMapper YAML = new YAMLMapper();

  private final Map<String, Object> trainingConfig;

  private TrainingConfigFile(Map<String, Object> trainingConfig) {
    this.trainingConfig = trainingConfig;
  }

  /**
   * Parses the file.
   *
   * @throws IllegalArgumentException with the parser's message when it is not YAML, or when {@code
   *     training_config} is not a map
   */
  public static TrainingConfigFile parse(String yaml) {
    Object root;
    try {
      root = YAML.readValue(yaml == null ? "" : yaml, Object.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Object tc = root instanceof Map<?, ?> m ? m.get("training_config") : null;
    if (!(tc instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("Expected 'training_config' key to contain a map");
    }
    return new TrainingConfigFile(YAML.convertValue(tc, new TypeReference<>() {}));
  }

  /** The top-level section names, in file order. */
  public List<String> sectionNames() {
    return List.copyOf(trainingConfig.keySet());
  }

  /** A section as a map; empty when absent or not a map. */
  public Map<String, Object> section(String name) {
    Object s = trainingConfig.get(name);
    if (s instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    return Map.of();
  }

  public boolean hasSection(String name) {
    return trainingConfig.containsKey(name);
  }
}
