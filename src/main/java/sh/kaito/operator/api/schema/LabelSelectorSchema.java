package sh.kaito.operator.api.schema;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Schema of a Kubernetes label selector. */
public class LabelSelectorSchema {
  @JsonPropertyDescription(
      "Labels the nodes must carry, as key: value pairs. All of them must match.")
  public Map<String, String> matchLabels;

  @JsonPropertyDescription(
      "Label requirements; KAITO supports only the operator In with a single value here.")
  public List<Requirement> matchExpressions;

  /** Schema of a label selector requirement. */
  public static class Requirement {
    @JsonPropertyDescription("The label key.")
    public String key;

    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
    public String operator;

    @JsonPropertyDescription("The label values (one value for In).")
    public List<String> values;
  }
}
