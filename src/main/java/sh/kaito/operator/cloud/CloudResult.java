package sh.kaito.operator.cloud;

import java.time.Duration;
import java.util.Map;

/**
 * Where a Machine's cloud resource stands after one non-blocking call.
 *
 * @param state the outcome
 * @param resourceName the cloud resource's name, e.g. the agent pool name
 * @param provisioningState the cloud's own state, e.g. {@code Creating}, {@code Succeeded}
 * @param nodeLabels labels that identify the resource's Node (e.g. {@code
 *     kubernetes.azure.com/agentpool=<pool>}), used to find the Node when its providerID is not
 *     known yet
 * @param errorCode the cloud's error code (e.g. {@code QuotaExceeded}), null when none
 * @param message the cloud's message, or what is being waited for
 * @param retryAfter when to look again
 */
public record CloudResult(
    State state,
    String resourceName,
    String provisioningState,
    Map<String, String> nodeLabels,
    String errorCode,
    String message,
    Duration retryAfter) {

  /** The outcome of a call. */
  public enum State {
    /** Creation is under way. */
    CREATING,
    /** The resource exists and its node is (or is about to be) joining the cluster. */
    READY,
    /** The cloud refused or failed, and retrying may help (throttling, 5xx, allocation). */
    FAILED_RETRYABLE,
    /** The cloud refused for good (quota, SKU not available, invalid size or name). */
    FAILED_TERMINAL,
    /** Deletion is under way. */
    DELETING,
    /** Nothing is left in the cloud. */
    GONE
  }

  public boolean failed() {
    return state == State.FAILED_RETRYABLE || state == State.FAILED_TERMINAL;
  }
}
