package sh.kaito.operator.cloud.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;

/**
 * Classifies ARM failures by their error code ({@code ManagementException.getValue().getCode()}),
 * not by HTTP status alone: an asynchronous failure arrives with HTTP 200 from the status poll.
 *
 * <ul>
 *   <li>terminal: quota ({@code ErrCode_InsufficientVCPUQuota}, {@code QuotaExceeded}, {@code
 *       OperationNotAllowed} about quota), SKU not available ({@code SkuNotAvailable}), invalid
 *       request ({@code InvalidParameter}, {@code BadRequest}, ...), and any other code answered
 *       with HTTP 400 (the request comes from an immutable Machine spec, so sending it again gives
 *       the same answer);
 *   <li>in progress: 409, and {@code OperationNotAllowed} about an operation in progress;
 *   <li>not found: 404, {@code NotFound}, {@code ResourceNotFound};
 *   <li>retryable: allocation failures, 429, 5xx, network errors, authorization failures (fixed by
 *       granting a role, without changing the Machine) and everything else.
 * </ul>
 */
public final class ArmErrors {
  /** Messages are cut to this length, as Karpenter cuts launch errors. */
  public static final int MAX_MESSAGE = 800;

  static final Set<String> TERMINAL_CODES =
      Set.of(
          "errcode_insufficientvcpuquota",
          "quotaexceeded",
          "skunotavailable",
          "invalidparameter",
          "badrequest",
          "invalidrequestcontent",
          "invalidrequestformat",
          "invalidresourcename",
          "vmsizenotsupported",
          "propertychangenotallowed");

  static final Set<String> RETRYABLE_CODES =
      Set.of(
          "allocationfailed",
          "zonalallocationfailed",
          "overconstrainedallocationrequest",
          "overconstrainedzonalallocationrequest",
          "toomanyrequests",
          "internalservererror",
          "serviceunavailable",
          "gatewaytimeout",
          "retryableerror");

  static final Set<String> NOT_FOUND_CODES = Set.of("notfound", "resourcenotfound");

  private ArmErrors() {}

  /** Classifies an exception thrown by the SDK (or by the HTTP client under it). */
  public static ArmError classify(Throwable failure) {
    ManagementException management = find(failure, ManagementException.class);
    if (management != null) {
      ManagementError value = management.getValue();
      String code = value == null ? null : value.getCode();
      String message =
          value != null && value.getMessage() != null
              ? value.getMessage()
              : management.getMessage();
      HttpResponse response = management.getResponse();
      return classify(
          code, message, response == null ? 0 : response.getStatusCode(), retryAfter(response));
    }
    HttpResponseException http = find(failure, HttpResponseException.class);
    if (http != null) {
      HttpResponse response = http.getResponse();
      int status = response == null ? 0 : response.getStatusCode();
      return classify(null, http.getMessage(), status, retryAfter(response));
    }
    if (find(failure, IOException.class) != null
        || find(failure, UncheckedIOException.class) != null
        || find(failure, TimeoutException.class) != null) {
      return new ArmError(ArmError.Kind.RETRYABLE, "NetworkError", cut(describe(failure)), 0, null);
    }
    return new ArmError(
        ArmError.Kind.RETRYABLE, "UnexpectedError", cut(describe(failure)), 0, null);
  }

  /**
   * Classifies an ARM error code with its message and HTTP status (0 when unknown, 200 for the
   * failure of an asynchronous operation).
   */
  public static ArmError classify(
      String code, String message, int httpStatus, Duration retryAfter) {
    String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    String shownCode = code == null || code.isBlank() ? codeForStatus(httpStatus) : code;
    ArmError.Kind kind;
    if (TERMINAL_CODES.contains(c) || (c.equals("operationnotallowed") && m.contains("quota"))) {
      kind = ArmError.Kind.TERMINAL;
    } else if (httpStatus == 409
        || (c.equals("operationnotallowed") && m.contains("in progress"))
        || c.equals("anotheroperationinprogress")) {
      kind = ArmError.Kind.IN_PROGRESS;
    } else if (httpStatus == 404 || NOT_FOUND_CODES.contains(c)) {
      kind = ArmError.Kind.NOT_FOUND;
    } else if (RETRYABLE_CODES.contains(c)
        || httpStatus == 408
        || httpStatus == 429
        || httpStatus >= 500) {
      kind = ArmError.Kind.RETRYABLE;
    } else if (httpStatus == 400) {
      kind = ArmError.Kind.TERMINAL;
    } else {
      kind = ArmError.Kind.RETRYABLE;
    }
    String text = message == null || message.isBlank() ? shownCode : message;
    return new ArmError(kind, shownCode, cut(text), httpStatus, retryAfter);
  }

  /** Cuts a message to {@link #MAX_MESSAGE} characters. */
  public static String cut(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 3) + "...";
  }

  private static String codeForStatus(int status) {
    return switch (status) {
      case 0 -> "UnknownError";
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 408 -> "RequestTimeout";
      case 409 -> "Conflict";
      case 429 -> "TooManyRequests";
      default -> status >= 500 ? "ServerError" : "HttpStatus" + status;
    };
  }

  private static Duration retryAfter(HttpResponse response) {
    if (response == null) {
      return null;
    }
    String value = response.getHeaders().getValue(HttpHeaderName.RETRY_AFTER);
    if (value == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds > 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text =
        failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    if (root != failure && root.getMessage() != null && !text.contains(root.getMessage())) {
      text = text + ": " + root.getMessage();
    }
    return text;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 10; depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      t = t.getCause();
    }
    return null;
  }
}
