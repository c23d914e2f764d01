package sh.kaito.operator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** High-level state of a Workspace. */
public enum WorkspaceState {
  @JsonProperty("Pending")
  PENDING,
  @JsonProperty("Ready")
  READY,
  @JsonProperty("NotReady")
  NOT_READY,
  @JsonProperty("Running")
  RUNNING,
  @JsonProperty("Succeeded")
  SUCCEEDED,
  @JsonProperty("Failed")
  FAILED
}
