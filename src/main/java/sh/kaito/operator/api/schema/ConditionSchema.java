package sh.kaito.operator.api.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Schema of a status condition (metav1.Condition). */
public class ConditionSchema {
  @JsonPropertyDescription("Condition type, e.g. ResourceReady or Ready.")
  public String type;

  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  @JsonPropertyDescription("Machine-readable reason for the status, in CamelCase.")
  public String reason;

  @JsonPropertyDescription("Human-readable details, e.g. the cloud's error message.")
  public String message;

  @JsonPropertyDescription("The object generation the condition was computed from.")
  public Long observedGeneration;

  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  public String lastTransitionTime;
}
