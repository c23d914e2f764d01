package sh.kaito.operator.cloud.azure;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.containerservice.fluent.AgentPoolsClient;
import com.azure.resourcemanager.containerservice.fluent.models.AgentPoolInner;
import com.azure.resourcemanager.containerservice.models.AgentPoolType;
import com.azure.resourcemanager.containerservice.models.OSSku;
import com.azure.resourcemanager.containerservice.models.OSType;

/**
 * {@link AgentPoolClient} on the ARM SDK's inner {@code AgentPoolsClient} (one call per Go {@code
 * AgentPoolsAPI} call). Long-running operations are started with {@code beginCreateOrUpdate} /
 * {@code beginDelete}, whose {@link SyncPoller}s are kept in memory by pool name and polled once
 * per {@link #pollOperation} call: nothing here ever waits for an operation (no {@code
 * waitForCompletion}, no {@code getFinalResult}), so a server's {@code Retry-After} never puts a
 * thread to sleep. After a restart the pollers are gone and callers read the pool's {@code
 * provisioningState} instead.
 */
public final class ArmAgentPoolClient implements AgentPoolClient {
  static final DateTimeFormatter CREATION_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'");

  private record InFlight(AgentPoolOperation.Kind kind, SyncPoller<?, ?> poller) {}

  private final AgentPoolsClient agentPools;
  private final String resourceGroup;
  private final String clusterName;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

  public ArmAgentPoolClient(AgentPoolsClient agentPools, String resourceGroup, String clusterName) {
    this.agentPools = agentPools;
    this.resourceGroup = resourceGroup;
    this.clusterName = clusterName;
  }

  @Override
  public Optional<AgentPoolState> get(String name) {
    try {
      AgentPoolInner pool =
          agentPools.getWithResponse(resourceGroup, clusterName, name, Context.NONE).getValue();
      return Optional.ofNullable(pool).map(p -> toState(name, p));
    } catch (ManagementException e) {
      if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void beginCreate(String name, AgentPoolSpec spec) {
    AgentPoolInner body =
        new AgentPoolInner()
            .withCount(spec.count())
            .withVmSize(spec.vmSize())
            .withOsDiskSizeGB(spec.osDiskSizeGB())
            .withOsType(OSType.fromString(spec.osType()))
            .withOsSku(OSSku.fromString(spec.osSku()))
            .withTypePropertiesType(AgentPoolType.fromString(spec.type()))
            .withNodeLabels(spec.nodeLabels())
            .withNodeTaints(spec.nodeTaints());
    SyncPoller<PollResult<AgentPoolInner>, AgentPoolInner> poller =
        agentPools.beginCreateOrUpdate(resourceGroup, clusterName, name, body);
    inFlight.put(name, new InFlight(AgentPoolOperation.Kind.CREATE, poller));
  }

  @Override
  public void beginDelete(String name) {
    SyncPoller<PollResult<Void>, Void> poller =
        agentPools.beginDelete(resourceGroup, clusterName, name);
    inFlight.put(name, new InFlight(AgentPoolOperation.Kind.DELETE, poller));
  }

  @Override
  public Optional<AgentPoolOperation> pollOperation(String name, AgentPoolOperation.Kind kind) {
    InFlight operation = inFlight.get(name);
    if (operation == null || operation.kind() != kind) {
      return Optional.empty();
    }
    PollResponse<?> response;
    try {
      response = operation.poller().poll();
    } catch (RuntimeException e) {
      // The status request itself failed (network, 5xx after retries): forget the poller, so that
      // the next call reads the pool's provisioningState instead.
      inFlight.remove(name, operation);
      throw e;
    }
    LongRunningOperationStatus status = response.getStatus();
    if (!status.isComplete()) {
      return Optional.of(
          new AgentPoolOperation(operation.kind(), AgentPoolOperation.Status.IN_PROGRESS, null));
    }
    inFlight.remove(name, operation);
    if (status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
      return Optional.of(
          new AgentPoolOperation(operation.kind(), AgentPoolOperation.Status.SUCCEEDED, null));
    }
    return Optional.of(
        new AgentPoolOperation(
            operation.kind(), AgentPoolOperation.Status.FAILED, failure(response)));
  }

  @Override
  public void forgetOperation(String name) {
    inFlight.remove(name);
  }

  @Override
  public List<AgentPoolState> list() {
    return agentPools.list(resourceGroup, clusterName, Context.NONE).stream()
        .map(p -> toState(p.name(), p))
        .toList();
  }

  /** The error of a failed or cancelled operation, from its last poll response. */
  private static ArmError failure(PollResponse<?> response) {
    if (response.getValue() instanceof PollResult<?> result && result.getError() != null) {
      PollResult.Error error = result.getError();
      String[] codeAndMessage = ArmBodies.errorCodeAndMessage(error.getResponseBody());
      String message = codeAndMessage[1] != null ? codeAndMessage[1] : error.getMessage();
      return ArmErrors.classify(codeAndMessage[0], message, error.getResponseStatusCode(), null);
    }
    String code =
        response.getStatus() == LongRunningOperationStatus.USER_CANCELLED ? "Canceled" : "Failed";
    return ArmErrors.classify(code, "the operation ended " + response.getStatus(), 200, null);
  }

  static AgentPoolState toState(String name, AgentPoolInner pool) {
    Map<String, String> labels = pool.nodeLabels() == null ? Map.of() : pool.nodeLabels();
    return new AgentPoolState(
        pool.name() != null ? pool.name() : name,
        pool.vmSize(),
        pool.provisioningState(),
        labels,
        parseCreationTimestamp(labels.get(AgentPoolSpecs.LABEL_CREATION_TIMESTAMP)));
  }

  static Instant parseCreationTimestamp(String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(value, CREATION_TIMESTAMP).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
