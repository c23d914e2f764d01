package sh.kaito.operator.api.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Schema of a node taint. */
public class TaintSchema {
  @JsonPropertyDescription("Taint key, e.g. sku.")
  public String key;

  @JsonPropertyDescription("Taint value, e.g. gpu.")
  public String value;

  @JsonPropertyDescription("NoSchedule, PreferNoSchedule or NoExecute.")
  public String effect;

  @JsonPropertyDescription("When the taint was added (NoExecute taints only).")
  public String timeAdded;
}
