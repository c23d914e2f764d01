package sh.kaito.operator.cloud.azure;

import java.time.Duration;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryStrategy;

/**
 * Exponential retries of one HTTP request (408, 429, 5xx except 501/505, network errors), like the
 * SDK's default, except that a response whose {@code Retry-After} is longer than the longest delay
 * is not retried: the failure goes back to the caller, which reschedules the Machine after that
 * delay instead of sleeping on the reconcile thread.
 */
final class ArmRetryStrategy implements RetryStrategy {
  private final ExponentialBackoff backoff;
  private final Duration maxDelay;

  ArmRetryStrategy(int maxRetries, Duration baseDelay, Duration maxDelay) {
    this.backoff =
        new ExponentialBackoff(
            new ExponentialBackoffOptions()
                .setMaxRetries(maxRetries)
                .setBaseDelay(baseDelay)
                .setMaxDelay(maxDelay));
    this.maxDelay = maxDelay;
  }

  @Override
  public int getMaxRetries() {
    return backoff.getMaxRetries();
  }

  @Override
  public Duration calculateRetryDelay(int retryAttempts) {
    return backoff.calculateRetryDelay(retryAttempts);
  }

  @Override
  public boolean shouldRetryCondition(RequestRetryCondition condition) {
    return backoff.shouldRetryCondition(condition) && !asksToWaitLonger(condition.getResponse());
  }

  private boolean asksToWaitLonger(HttpResponse response) {
    if (response == null) {
      return false;
    }
    String value = response.getHeaders().getValue(HttpHeaderName.RETRY_AFTER);
    if (value == null) {
      return false;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim())).compareTo(maxDelay) > 0;
    } catch (NumberFormatException e) {
      // An HTTP date: the SDK would wait until then; do not let it.
      return true;
    }
  }
}
