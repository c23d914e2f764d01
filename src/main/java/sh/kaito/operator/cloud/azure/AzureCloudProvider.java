package sh.kaito.operator.cloud.azure;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.cloud.CloudProvider;
import sh.kaito.operator.cloud.CloudResource;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.cloud.CloudResult.State;

/**
 * One AKS agent pool per Machine, named after the Machine (gpu-provisioner's instance provider),
 * without ever waiting for a long-running operation.
 *
 * <p>{@link #ensure}: if an operation this process started is in flight, poll it once (an
 * asynchronous failure such as {@code AllocationFailed} is reported with its code and message);
 * otherwise GET the pool: absent → PUT and {@code CREATING}; {@code Creating}/{@code Updating} →
 * {@code CREATING}; {@code Succeeded} → {@code READY} with the node label {@code
 * kubernetes.azure.com/agentpool=<name>}; {@code Failed} → PUT again (what AKS expects), unless the
 * last error this process saw for the pool was terminal. A terminal error is sticky: the PUT is not
 * sent again for that name until the pool has been deleted ({@link #delete} reported {@code GONE})
 * or the operator restarts. A 409 "operation in progress" is not a failure. After a restart the
 * pollers are gone and the pool's provisioningState is all there is, so a create in flight is found
 * by the GET and nothing is sent twice.
 *
 * <p>{@link #delete(Machine)}: GET; absent → {@code GONE}; {@code Deleting} → {@code DELETING};
 * otherwise DELETE and {@code DELETING}.
 */
public final class AzureCloudProvider implements CloudProvider {
  public static final String NAME = "azure";

  /** The label AKS puts on the nodes of a pool (with {@code agentpool}). */
  public static final String LABEL_AGENTPOOL = "kubernetes.azure.com/agentpool";

  private static final Logger LOG = Logger.getLogger(AzureCloudProvider.class);
  private static final Set<String> IN_PLACE_STATES =
      Set.of("succeeded", "upgrading", "scaling", "starting", "stopping");

  private final AgentPoolClient pools;
  private final Duration pollInterval;
  private final Duration failureRetryInterval;
  private final Map<String, ArmError> terminalErrors = new ConcurrentHashMap<>();

  public AzureCloudProvider(
      AgentPoolClient pools, Duration pollInterval, Duration failureRetryInterval) {
    this.pools = pools;
    this.pollInterval = pollInterval;
    this.failureRetryInterval = failureRetryInterval;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CloudResult ensure(Machine machine) {
    String name = machine.getMetadata().getName();
    AgentPoolSpec spec;
    try {
      spec = AgentPoolSpecs.of(machine);
    } catch (IllegalArgumentException e) {
      return result(State.FAILED_TERMINAL, name, null, "InvalidParameter", e.getMessage(), null);
    }
    try {
      Optional<AgentPoolOperation> operation =
          pools.pollOperation(name, AgentPoolOperation.Kind.CREATE);
      if (operation.isPresent()) {
        AgentPoolOperation op = operation.get();
        if (op.status() == AgentPoolOperation.Status.IN_PROGRESS) {
          return creating(name, "Creating", "agent pool " + name + " is being created");
        }
        if (op.status() == AgentPoolOperation.Status.FAILED) {
          return failed(name, AgentPoolState.FAILED, op.error(), State.FAILED_RETRYABLE);
        }
      }
      Optional<AgentPoolState> found = pools.get(name);
      ArmError terminal = terminalErrors.get(name);
      if (found.isEmpty()) {
        if (terminal != null) {
          return result(
              State.FAILED_TERMINAL, name, null, terminal.code(), terminal.message(), null);
        }
        return create(name, spec);
      }
      AgentPoolState pool = found.get();
      String state = pool.provisioningState();
      if (pool.is(AgentPoolState.FAILED) || pool.is(AgentPoolState.CANCELED)) {
        if (terminal != null) {
          return result(
              State.FAILED_TERMINAL, name, state, terminal.code(), terminal.message(), null);
        }
        LOG.infof("agent pool %s is %s: sending its PUT again", name, state);
        return create(name, spec);
      }
      if (pool.is(AgentPoolState.DELETING)) {
        return creating(
            name, state, "agent pool " + name + " is being deleted; it is created again once gone");
      }
      if (state != null && IN_PLACE_STATES.contains(state.toLowerCase(Locale.ROOT))) {
        terminalErrors.remove(name);
        return new CloudResult(
            State.READY,
            name,
            state,
            Map.of(LABEL_AGENTPOOL, name),
            null,
            "agent pool " + name + " is " + state,
            null);
      }
      return creating(name, state, "agent pool " + name + " is " + state);
    } catch (RuntimeException e) {
      return failed(name, null, ArmErrors.classify(e), State.FAILED_RETRYABLE);
    }
  }

  @Override
  public CloudResult delete(Machine machine) {
    return delete(machine.getMetadata().getName());
  }

  @Override
  public CloudResult delete(String name) {
    if (!AgentPoolSpecs.isValidPoolName(name)) {
      // No agent pool can have this name, so there is nothing to delete.
      return result(State.GONE, name, null, null, "no agent pool can be named " + name, null);
    }
    try {
      Optional<AgentPoolOperation> operation =
          pools.pollOperation(name, AgentPoolOperation.Kind.DELETE);
      if (operation.isPresent()) {
        AgentPoolOperation op = operation.get();
        if (op.status() == AgentPoolOperation.Status.IN_PROGRESS) {
          return deleting(name, AgentPoolState.DELETING);
        }
        if (op.status() == AgentPoolOperation.Status.FAILED) {
          return failed(name, null, op.error(), State.FAILED_RETRYABLE);
        }
      } else {
        // A create this process started is of no interest any more (the DELETE cancels it).
        pools.forgetOperation(name);
      }
      Optional<AgentPoolState> found = pools.get(name);
      if (found.isEmpty()) {
        terminalErrors.remove(name);
        return result(State.GONE, name, null, null, "agent pool " + name + " is gone", null);
      }
      if (found.get().is(AgentPoolState.DELETING)) {
        return deleting(name, found.get().provisioningState());
      }
      pools.beginDelete(name);
      return deleting(name, AgentPoolState.DELETING);
    } catch (RuntimeException e) {
      ArmError error = ArmErrors.classify(e);
      return switch (error.kind()) {
        case NOT_FOUND -> result(State.GONE, name, null, null, error.message(), null);
        case IN_PROGRESS -> deleting(name, null);
        default -> failed(name, null, error, State.FAILED_RETRYABLE);
      };
    }
  }

  @Override
  public List<CloudResource> list() {
    return pools.list().stream()
        .filter(p -> p.nodeLabels().containsKey(KaitoApi.LABEL_WORKSPACE))
        .map(p -> new CloudResource(p.name(), p.nodeLabels(), p.provisioningState(), p.createdAt()))
        .toList();
  }

  private CloudResult create(String name, AgentPoolSpec spec) {
    try {
      pools.beginCreate(name, spec);
      return creating(name, "Creating", "agent pool " + name + " creation started");
    } catch (RuntimeException e) {
      ArmError error = ArmErrors.classify(e);
      if (error.kind() == ArmError.Kind.IN_PROGRESS) {
        return creating(name, null, error.message());
      }
      return failed(name, null, error, State.FAILED_RETRYABLE);
    }
  }

  /** A terminal error stays terminal; anything else is reported with the given retryable state. */
  private CloudResult failed(String name, String provisioningState, ArmError error, State retry) {
    if (error.kind() == ArmError.Kind.TERMINAL) {
      terminalErrors.put(name, error);
      LOG.warnf("agent pool %s failed for good: %s: %s", name, error.code(), error.message());
      return result(
          State.FAILED_TERMINAL, name, provisioningState, error.code(), error.message(), null);
    }
    Duration retryAfter =
        error.retryAfter() != null && error.retryAfter().compareTo(failureRetryInterval) > 0
            ? error.retryAfter()
            : failureRetryInterval;
    LOG.infof("agent pool %s: %s: %s (retrying)", name, error.code(), error.message());
    return result(retry, name, provisioningState, error.code(), error.message(), retryAfter);
  }

  private CloudResult creating(String name, String provisioningState, String message) {
    return result(State.CREATING, name, provisioningState, null, message, pollInterval);
  }

  private CloudResult deleting(String name, String provisioningState) {
    return result(
        State.DELETING,
        name,
        provisioningState,
        null,
        "agent pool " + name + " is being deleted",
        pollInterval);
  }

  private static CloudResult result(
      State state,
      String name,
      String provisioningState,
      String code,
      String message,
      Duration retryAfter) {
    return new CloudResult(state, name, provisioningState, Map.of(), code, message, retryAfter);
  }
}
