package sh.kaito.operator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** GPU partitioning technology. */
public enum PartitionMode {
  @JsonProperty("mig")
  MIG,
  @JsonProperty("accelerator")
  ACCELERATOR
}
