package sh.kaito.operator.api.machine;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Node OS image family. */
public enum ImageFamily {
  @JsonProperty("ubuntu")
  UBUNTU,
  @JsonProperty("azurelinux")
  AZURE_LINUX
}
