package sh.kaito.operator.cloud.azure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.cloud.CloudResource;
import sh.kaito.operator.cloud.CloudResult;
import sh.kaito.operator.cloud.CloudResult.State;
import sh.kaito.operator.cloud.azure.FakeArmServer.Request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Azure provider with the real SDK client (production pipeline, bearer token over HTTPS)
 * against the fake ARM server. Each case asserts the result and the requests the fake saw; when a
 * pool succeeds the fake creates its Node in a mock Kubernetes API, as AKS would.
 */
@EnableKubernetesMockClient(crud = true)
class AzureCloudProviderTest {
  private static final String QUOTA =
      "Insufficient vcpu quota requested 6, remaining 0 for family standardNCSv3Family for region"
          + " westus2.";

  static KubernetesClient kube;

  private static Vertx vertx;
  private FakeArmServer fake;
  private AzureCloudProvider provider;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @BeforeEach
  void start() {
    fake = FakeArmServer.start().onPoolSucceeded(this::createAksNode);
    provider = newProvider();
  }

  @AfterEach
  void stop() {
    fake.close();
    kube.nodes().delete();
  }

  private AzureCloudProvider newProvider() {
    return new AzureCloudProvider(
        ArmTestSupport.client(vertx, fake), Duration.ofSeconds(15), Duration.ofSeconds(60));
  }

  /** What AKS does when a pool's VM joins: a Node labelled with its pool. */
  private void createAksNode(FakeArmServer.PoolView pool) {
    Map<String, String> labels = new TreeMap<>(pool.nodeLabels());
    labels.put("agentpool", pool.name());
    labels.put("kubernetes.azure.com/agentpool", pool.name());
    labels.put("node.kubernetes.io/instance-type", pool.vmSize());
    kube.nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("aks-" + pool.name() + "-12345678-vmss000000")
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withProviderID(
                    "azure:///subscriptions/sub/resourceGroups/mc_rg/providers/Microsoft.Compute"
                        + "/virtualMachineScaleSets/aks-"
                        + pool.name()
                        + "-12345678-vmss/virtualMachines/0")
                .endSpec()
                .build())
        .create();
  }

  private long puts(String pool) {
    return fake.requests("PUT", pool).size();
  }

  /** Calls ensure until the state changes from CREATING, at most 10 times. */
  private CloudResult ensureUntilSettled(Machine machine) {
    CloudResult result = provider.ensure(machine);
    for (int i = 0; i < 10 && result.state() == State.CREATING; i++) {
      result = provider.ensure(machine);
    }
    return result;
  }

  @Test
  void createReportsCreatingThenReadyAndTheNodeJoins() {
    Machine machine = ArmTestSupport.machine("ws1");

    CloudResult first = provider.ensure(machine);
    assertThat(first.state()).isEqualTo(State.CREATING);
    assertThat(first.resourceName()).isEqualTo("ws1");
    assertThat(first.provisioningState()).isEqualTo("Creating");
    assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(15));
    // GET (404), then the PUT
    assertThat(fake.requests())
        .extracting(Request::method, Request::status)
        .containsExactly(tuple("GET", 404), tuple("PUT", 201));

    CloudResult second = provider.ensure(machine);
    assertThat(second.state()).isEqualTo(State.CREATING);
    assertThat(kube.nodes().list().getItems()).isEmpty();

    CloudResult ready = provider.ensure(machine);
    assertThat(ready.state()).isEqualTo(State.READY);
    assertThat(ready.provisioningState()).isEqualTo("Succeeded");
    assertThat(ready.nodeLabels())
        .containsExactly(Map.entry("kubernetes.azure.com/agentpool", "ws1"));
    assertThat(ready.errorCode()).isNull();
    assertThat(puts("ws1")).isEqualTo(1);

    // The Node AKS created is found by the labels the result names.
    List<Node> nodes = kube.nodes().withLabels(ready.nodeLabels()).list().getItems();
    assertThat(nodes).hasSize(1);
    assertThat(nodes.get(0).getMetadata().getLabels())
        .containsEntry("kaito.sh/workspace", "phi-3")
        .containsEntry("node.kubernetes.io/instance-type", "Standard_NC6s_v3");

    // Once ready, ensure only reads.
    fake.clearRequests();
    assertThat(provider.ensure(machine).state()).isEqualTo(State.READY);
    assertThat(fake.requests()).extracting(Request::method).containsExactly("GET");
  }

  @Test
  void listReturnsOnlyWorkspacePools() {
    provider.ensure(ArmTestSupport.machine("ws1"));
    fake.seedPool("nodepool1", "Standard_D4s_v3", "Succeeded", Map.of());
    fake.seedPool(
        "ws2",
        "Standard_NC6s_v3",
        "Deleting",
        Map.of("kaito.sh/workspace", "other", "kaito.sh/creation-timestamp", "bad"));

    List<CloudResource> resources = provider.list();

    assertThat(resources).extracting(CloudResource::name).containsExactly("ws1", "ws2");
    CloudResource ws1 = resources.get(0);
    assertThat(ws1.labels()).containsEntry("kaito.sh/workspace", "phi-3");
    assertThat(ws1.provisioningState()).isEqualTo("Creating");
    assertThat(ws1.createdAt()).isEqualTo(Instant.parse(ArmTestSupport.CREATED));
    assertThat(resources.get(1).createdAt()).isNull();
  }

  @Test
  void deleteReportsDeletingThenGone() {
    Machine machine = ArmTestSupport.machine("ws1");
    assertThat(ensureUntilSettled(machine).state()).isEqualTo(State.READY);
    fake.clearRequests();

    CloudResult deleting = provider.delete(machine);
    assertThat(deleting.state()).isEqualTo(State.DELETING);
    assertThat(deleting.provisioningState()).isEqualTo("Deleting");
    assertThat(provider.delete(machine).state()).isEqualTo(State.DELETING);
    CloudResult gone = provider.delete(machine);
    assertThat(gone.state()).isEqualTo(State.GONE);
    assertThat(fake.pool("ws1")).isEmpty();

    // GET, DELETE 202; poll 202; poll 204, GET 404
    assertThat(fake.requests())
        .extracting(Request::method, Request::status)
        .containsExactly(
            tuple("GET", 200),
            tuple("DELETE", 202),
            tuple("GET", 202),
            tuple("GET", 204),
            tuple("GET", 404));
    assertThat(provider.delete(machine).state()).isEqualTo(State.GONE);
  }

  @Test
  void deleteOfAnAbsentPoolIsGoneWithoutADelete() {
    assertThat(provider.delete("ws9").state()).isEqualTo(State.GONE);
    assertThat(fake.requests()).extracting(Request::method).containsExactly("GET");
  }

  @Test
  void deleteOfAPoolAlreadyDeletingSendsNoDelete() {
    fake.seedPool("ws1", "Standard_NC6s_v3", "Deleting", Map.of());
    assertThat(provider.delete("ws1").state()).isEqualTo(State.DELETING);
    assertThat(fake.requests()).extracting(Request::method).containsExactly("GET");
  }

  @Test
  void deleteWhileCreatingCancelsTheCreate() {
    Machine machine = ArmTestSupport.machine("ws1");
    provider.ensure(machine);

    CloudResult result = provider.delete(machine);
    for (int i = 0; i < 10 && result.state() == State.DELETING; i++) {
      result = provider.delete(machine);
    }

    assertThat(result.state()).isEqualTo(State.GONE);
    assertThat(fake.requests("DELETE", "ws1")).hasSize(1);
    assertThat(kube.nodes().list().getItems()).isEmpty();
  }

  @Test
  void synchronousQuotaErrorIsTerminalWithTheCloudsText() {
    fake.failNext("PUT", 1, 400, "ErrCode_InsufficientVCPUQuota", QUOTA);

    CloudResult result = provider.ensure(ArmTestSupport.machine("ws1"));

    assertThat(result.state()).isEqualTo(State.FAILED_TERMINAL);
    assertThat(result.errorCode()).isEqualTo("ErrCode_InsufficientVCPUQuota");
    assertThat(result.message()).isEqualTo(QUOTA);
    assertThat(result.retryAfter()).isNull();
    assertThat(puts("ws1")).isEqualTo(1);
    assertThat(fake.pool("ws1")).isEmpty();

    // Terminal is sticky: no second PUT for this Machine ...
    CloudResult again = provider.ensure(ArmTestSupport.machine("ws1"));
    assertThat(again.state()).isEqualTo(State.FAILED_TERMINAL);
    assertThat(again.errorCode()).isEqualTo("ErrCode_InsufficientVCPUQuota");
    assertThat(puts("ws1")).isEqualTo(1);
    // ... until it has been deleted (a new Machine of the same name starts afresh).
    assertThat(provider.delete("ws1").state()).isEqualTo(State.GONE);
    assertThat(provider.ensure(ArmTestSupport.machine("ws1")).state()).isEqualTo(State.CREATING);
    assertThat(puts("ws1")).isEqualTo(2);
  }

  @Test
  void asynchronousAllocationFailureIsRetryableAndThePoolIsPutAgain() {
    fake.failNextCreation(
        "AllocationFailed", "Allocation failed. We do not have sufficient capacity.");
    Machine machine = ArmTestSupport.machine("ws1");

    CloudResult failed = ensureUntilSettled(machine);

    assertThat(failed.state()).isEqualTo(State.FAILED_RETRYABLE);
    assertThat(failed.errorCode()).isEqualTo("AllocationFailed");
    assertThat(failed.message())
        .isEqualTo("Allocation failed. We do not have sufficient capacity.");
    assertThat(failed.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(fake.pool("ws1").orElseThrow().provisioningState()).isEqualTo("Failed");
    assertThat(puts("ws1")).isEqualTo(1);

    // The next attempt finds the pool Failed and PUTs it again (200 Updating), which succeeds.
    CloudResult retried = provider.ensure(machine);
    assertThat(retried.state()).isEqualTo(State.CREATING);
    assertThat(fake.requests("PUT", "ws1")).extracting(Request::status).containsExactly(201, 200);
    assertThat(ensureUntilSettled(machine).state()).isEqualTo(State.READY);
  }

  @Test
  void asynchronousQuotaFailureIsTerminalAndNotPutAgain() {
    fake.failNextCreation(
        "QuotaExceeded",
        "Operation could not be completed as it results in exceeding approved Total Regional"
            + " Cores quota.");
    Machine machine = ArmTestSupport.machine("ws1");

    CloudResult failed = ensureUntilSettled(machine);
    assertThat(failed.state()).isEqualTo(State.FAILED_TERMINAL);
    assertThat(failed.errorCode()).isEqualTo("QuotaExceeded");

    CloudResult again = provider.ensure(machine);
    assertThat(again.state()).isEqualTo(State.FAILED_TERMINAL);
    assertThat(again.provisioningState()).isEqualTo("Failed");
    assertThat(again.errorCode()).isEqualTo("QuotaExceeded");
    assertThat(puts("ws1")).isEqualTo(1);
  }

  @Test
  void conflictWhileAnotherOperationRunsIsNotAFailure() {
    fake.seedPool("ws1", "Standard_NC6s_v3", "Failed", Map.of());
    fake.failNext(
        "PUT",
        1,
        409,
        "OperationNotAllowed",
        "Operation is not allowed because there's an in progress create node pool operation.");

    CloudResult result = provider.ensure(ArmTestSupport.machine("ws1"));

    assertThat(result.state()).isEqualTo(State.CREATING);
    assertThat(result.errorCode()).isNull();
    assertThat(result.message()).contains("in progress create node pool operation");
    assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(15));
    assertThat(fake.requests("PUT", "ws1")).extracting(Request::status).containsExactly(409);
  }

  @Test
  void throttlingIsRetriedByThePipeline() {
    fake.failNext("PUT", 1, 429, "TooManyRequests", "The request is being throttled.");

    CloudResult result = provider.ensure(ArmTestSupport.machine("ws1"));

    assertThat(result.state()).isEqualTo(State.CREATING);
    assertThat(fake.requests("PUT", "ws1")).extracting(Request::status).containsExactly(429, 201);
  }

  @Test
  void throttlingWithALongRetryAfterIsReportedNotSleptOn() {
    fake.failNext("PUT", 1, 429, "TooManyRequests", "The request is being throttled.", 300);
    long start = System.nanoTime();

    CloudResult result = provider.ensure(ArmTestSupport.machine("ws1"));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(result.state()).isEqualTo(State.FAILED_RETRYABLE);
    assertThat(result.errorCode()).isEqualTo("TooManyRequests");
    assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(300));
    assertThat(fake.requests("PUT", "ws1")).extracting(Request::status).containsExactly(429);
  }

  @Test
  void serverErrorIsRetriedByThePipeline() {
    fake.failNext("GET", 1, 500, "InternalServerError", "Internal server error.");

    CloudResult result = provider.ensure(ArmTestSupport.machine("ws1"));

    assertThat(result.state()).isEqualTo(State.CREATING);
    assertThat(fake.requests())
        .extracting(Request::method, Request::status)
        .containsExactly(tuple("GET", 500), tuple("GET", 404), tuple("PUT", 201));
  }

  @Test
  void persistentServerErrorsAreRetryableFailures() {
    // 1 try + 2 retries
    fake.failNext("GET", 3, 503, "ServiceUnavailable", "The service is unavailable.");

    CloudResult result = provider.ensure(ArmTestSupport.machine("ws1"));

    assertThat(result.state()).isEqualTo(State.FAILED_RETRYABLE);
    assertThat(result.errorCode()).isEqualTo("ServiceUnavailable");
    assertThat(result.message()).isEqualTo("The service is unavailable.");
    assertThat(fake.requests()).hasSize(3);
    assertThat(puts("ws1")).isZero();
  }

  @Test
  void invalidPoolNameIsTerminalWithoutARequest() {
    for (String name : List.of("Ws1", "ws-1", "ws01234567890", "1ws")) {
      CloudResult result = provider.ensure(ArmTestSupport.machine(name));
      assertThat(result.state()).as(name).isEqualTo(State.FAILED_TERMINAL);
      assertThat(result.errorCode()).isEqualTo("InvalidParameter");
      assertThat(result.message()).contains("agent pool name \"" + name + "\" is invalid");
      assertThat(provider.delete(name).state()).isEqualTo(State.GONE);
    }
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aNewProviderInstanceFindsTheCreateInFlightAndPutsNothingMore() {
    Machine machine = ArmTestSupport.machine("ws1");
    assertThat(provider.ensure(machine).state()).isEqualTo(State.CREATING);

    // The operator restarts: the pollers are gone.
    provider = newProvider();
    fake.clearRequests();
    CloudResult afterRestart = provider.ensure(machine);
    assertThat(afterRestart.state()).isEqualTo(State.CREATING);
    assertThat(afterRestart.provisioningState()).isEqualTo("Creating");
    assertThat(ensureUntilSettled(machine).state()).isEqualTo(State.READY);

    assertThat(fake.requests()).allMatch(r -> r.method().equals("GET"));
    assertThat(fake.requests()).noneMatch(r -> r.path().contains("/operations/"));
    assertThat(kube.nodes().withLabel("kubernetes.azure.com/agentpool", "ws1").list().getItems())
        .hasSize(1);
  }

  @Test
  void aPoolLeftFailedByAnEarlierProcessIsPutAgain() {
    fake.seedPool("ws1", "Standard_NC6s_v3", "Failed", Map.of());

    CloudResult result = provider.ensure(ArmTestSupport.machine("ws1"));

    assertThat(result.state()).isEqualTo(State.CREATING);
    assertThat(fake.requests("PUT", "ws1")).extracting(Request::status).containsExactly(200);
    assertThat(fake.pool("ws1").orElseThrow().provisioningState()).isEqualTo("Updating");
  }

  @Test
  void machinesAreNotMixedUp() {
    provider.ensure(ArmTestSupport.machine("ws1"));
    provider.ensure(ArmTestSupport.machine("ws2"));

    assertThat(ensureUntilSettled(ArmTestSupport.machine("ws1")).state()).isEqualTo(State.READY);

    assertThat(fake.pool("ws2").orElseThrow().provisioningState()).isEqualTo("Creating");
    assertThat(kube.nodes().withLabel("kubernetes.azure.com/agentpool", "ws1").list().getItems())
        .hasSize(1);
    assertThat(kube.nodes().withLabel("kubernetes.azure.com/agentpool", "ws2").list().getItems())
        .isEmpty();
    assertThat(puts("ws1")).isEqualTo(1);
    assertThat(puts("ws2")).isEqualTo(1);
    assertThat(ensureUntilSettled(ArmTestSupport.machine("ws2")).state()).isEqualTo(State.READY);
    assertThat(puts("ws2")).isEqualTo(1);
  }
}
