package sh.kaito.operator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a preset's model image comes from a public or a private registry. */
public enum ModelImageAccessMode {
  @JsonProperty("public")
  PUBLIC,
  @JsonProperty("private")
  PRIVATE
}
