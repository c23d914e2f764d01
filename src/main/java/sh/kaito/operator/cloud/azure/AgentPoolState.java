package sh.kaito.operator.cloud.azure;

import java.time.Instant;
import java.util.Map;

/**
 * An agent pool as ARM reports it.
 *
 * @param name pool name
 * @param vmSize VM size
 * @param provisioningState {@code Creating}, {@code Updating}, {@code Succeeded}, {@code Failed},
 *     {@code Deleting}, ...
 * @param nodeLabels the labels its nodes get
 * @param createdAt from the label {@code kaito.sh/creation-timestamp}; null when absent
 */
public record AgentPoolState(
    String name,
    String vmSize,
    String provisioningState,
    Map<String, String> nodeLabels,
    Instant createdAt) {

  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String CANCELED = "Canceled";
  public static final String DELETING = "Deleting";

  public AgentPoolState {
    nodeLabels = nodeLabels == null ? Map.of() : Map.copyOf(nodeLabels);
  }

  public boolean is(String state) {
    return state.equalsIgnoreCase(provisioningState);
  }
}
