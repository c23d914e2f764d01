package sh.kaito.operator.cloud.azure;

import java.time.Duration;

/**
 * An ARM failure, classified.
 *
 * @param kind what the caller should do about it
 * @param code the ARM error code ({@code QuotaExceeded}, {@code AllocationFailed}, ...), or a code
 *     of ours for failures without one ({@code NetworkError})
 * @param message the cloud's message, at most {@link ArmErrors#MAX_MESSAGE} characters
 * @param httpStatus HTTP status of the response that carried it; 0 when there was none
 * @param retryAfter the server's {@code Retry-After}, null when it sent none
 */
public record ArmError(
    Kind kind, String code, String message, int httpStatus, Duration retryAfter) {

  /** How to react to a failure. */
  public enum Kind {
    /** Retrying cannot help: quota, SKU not available, invalid size or name. */
    TERMINAL,
    /** Retrying later may help: allocation, throttling, 5xx, network. */
    RETRYABLE,
    /** Another operation on the resource is in progress (409): not a failure, look again later. */
    IN_PROGRESS,
    /** The resource (or its parent) does not exist. */
    NOT_FOUND
  }

  public boolean terminal() {
    return kind == Kind.TERMINAL;
  }
}
