package sh.kaito.operator.catalog;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The inference engines of KAITO's runtime image. */
public enum InferenceRuntime {
  @JsonProperty("vllm")
  VLLM("vllm"),
  @JsonProperty("transformers")
  TRANSFORMERS("transformers");

  private final String wireName;

  InferenceRuntime(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in the {@code kaito.sh/runtime} annotation. */
  public String wireName() {
    return wireName;
  }

  /** Parses the annotation value; empty when it names no runtime. */
  public static Optional<InferenceRuntime> fromWireName(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (InferenceRuntime r : values()) {
      if (r.wireName.equals(v)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
