package sh.kaito.operator.cloud.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class ArmErrorsTest {

  @ParameterizedTest(name = "{0} / HTTP {1} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ErrCode_InsufficientVCPUQuota|400|Insufficient vcpu quota requested 6, remaining 0 for"
            + " family standardNCSv3Family for region westus2.|TERMINAL",
        "QuotaExceeded|200|Operation could not be completed as it results in exceeding approved"
            + " Total Regional Cores quota.|TERMINAL",
        "OperationNotAllowed|200|Operation could not be completed as it results in exceeding"
            + " approved standardNCSv3Family Cores quota.|TERMINAL",
        "OperationNotAllowed|409|Operation could not be completed as it results in exceeding"
            + " approved standardNCSv3Family Cores quota.|TERMINAL",
        "SkuNotAvailable|200|The requested VM size Standard_NC6s_v3 is currently not available in"
            + " location westus2.|TERMINAL",
        "InvalidParameter|400|The value of parameter agentPoolProfile.name is invalid.|TERMINAL",
        "BadRequest|400|bad|TERMINAL",
        "SomethingNew|400|a 400 for an immutable spec will not change|TERMINAL",
        "AllocationFailed|200|Allocation failed. We do not have sufficient capacity.|RETRYABLE",
        "ZonalAllocationFailed|200|Allocation failed in zone 1.|RETRYABLE",
        "OverconstrainedAllocationRequest|200|Allocation failed. VM(s) with the following"
            + " constraints cannot be allocated.|RETRYABLE",
        "OperationNotAllowed|409|Operation is not allowed because there's an in progress create"
            + " node pool operation.|IN_PROGRESS",
        "Conflict|409|another operation|IN_PROGRESS",
        "TooManyRequests|429|slow down|RETRYABLE",
        "InternalServerError|500|boom|RETRYABLE",
        "|503|unavailable|RETRYABLE",
        "NotFound|404|Agent Pool not found|NOT_FOUND",
        "ResourceNotFound|404|The Resource 'managedClusters/x' was not found.|NOT_FOUND",
        "AuthorizationFailed|403|no permission|RETRYABLE",
        "SomethingNew|200|an unknown asynchronous failure|RETRYABLE"
      })
  void classifiesByCode(String code, int status, String message, ArmError.Kind kind) {
    ArmError error = ArmErrors.classify(code, message, status, null);
    assertThat(error.kind()).isEqualTo(kind);
    assertThat(error.message()).isEqualTo(message);
    assertThat(error.httpStatus()).isEqualTo(status);
    if (code != null) {
      assertThat(error.code()).isEqualTo(code);
    } else {
      assertThat(error.code()).isEqualTo("ServerError");
    }
  }

  @Test
  void codeWinsOverStatusForAsynchronousFailures() {
    // The failure of an operation arrives with HTTP 200 from the status poll.
    ManagementException e =
        exception(
            200,
            new HttpHeaders(),
            "{\"error\":{\"code\":\"SkuNotAvailable\",\"message\":\"not here\"}}");
    ArmError error = ArmErrors.classify(e);
    assertThat(error.kind()).isEqualTo(ArmError.Kind.TERMINAL);
    assertThat(error.code()).isEqualTo("SkuNotAvailable");
    assertThat(error.message()).isEqualTo("not here");
  }

  @Test
  void managementExceptionKeepsCodeMessageAndRetryAfter() {
    ManagementException e =
        exception(
            429,
            new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "120"),
            "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"throttled\"}}");
    ArmError error = ArmErrors.classify(new RuntimeException("wrapped", e));
    assertThat(error)
        .isEqualTo(
            new ArmError(
                ArmError.Kind.RETRYABLE,
                "TooManyRequests",
                "throttled",
                429,
                Duration.ofSeconds(120)));
  }

  @Test
  void networkErrorsAreRetryable() {
    ArmError error =
        ArmErrors.classify(new UncheckedIOException(new IOException("Connection refused")));
    assertThat(error.kind()).isEqualTo(ArmError.Kind.RETRYABLE);
    assertThat(error.code()).isEqualTo("NetworkError");
    assertThat(error.message()).contains("Connection refused");
  }

  @Test
  void messagesAreCutTo800Characters() {
    String longMessage = "x".repeat(2000);
    ArmError error = ArmErrors.classify("QuotaExceeded", longMessage, 400, null);
    assertThat(error.message()).hasSize(800).endsWith("...");
    assertThat(ArmErrors.cut("short")).isEqualTo("short");
  }

  private static ManagementException exception(int status, HttpHeaders headers, String body) {
    HttpRequest request = new HttpRequest(HttpMethod.PUT, "https://127.0.0.1/agentPools/x");
    String code = body.replaceAll(".*\"code\":\"([^\"]*)\".*", "$1");
    String message = body.replaceAll(".*\"message\":\"([^\"]*)\".*", "$1");
    return new ManagementException(
        "Status code " + status + ", " + body,
        new CannedResponse(request, status, headers, body),
        new ManagementError(code, message));
  }

  /** A response with a fixed status, headers and body. */
  private static final class CannedResponse extends HttpResponse {
    private final int status;
    private final HttpHeaders headers;
    private final String body;

    CannedResponse(HttpRequest request, int status, HttpHeaders headers, String body) {
      super(request);
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    @Deprecated
    public String getHeaderValue(String name) {
      return headers.getValue(HttpHeaderName.fromString(name));
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
      return Flux.just(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
      return Mono.just(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Mono<String> getBodyAsString() {
      return Mono.just(body);
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
      return Mono.just(body);
    }
  }
}
