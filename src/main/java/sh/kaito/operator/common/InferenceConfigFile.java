package sh.kaito.operator.common;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The {@code inference_config.yaml} of an inference ConfigMap: its {@code vllm} arguments. */
public final class InferenceConfigFile {
  public static final String KEY = "inference_config.yaml";
  private static final ObjectMapper YAML = new YAMLMapper();

  private InferenceConfigFile() {}

  /**
   * The {@code vllm:} map with every value as text (YAML numbers and booleans become their text).
   *
   * @throws IllegalArgumentException when the text is not YAML or {@code vllm} is not a map
   */
  public static Map<String, String> vllmArguments(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml == null ? "" : yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<String, String> args = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return args;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("the document must be a map");
    }
    JsonNode vllm = root.get("vllm");
    if (vllm == null || vllm.isNull()) {
      return args;
    }
    if (!vllm.isObject()) {
      throw new IllegalArgumentException("vllm must be a map of argument names to values");
    }
    vllm.fields()
        .forEachRemaining(
            e ->
                args.put(
                    e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    return args;
  }
}
