package sh.kaito.operator.cloud.azure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

import com.fasterxml.jackson.databind.JsonNode;

import sh.kaito.operator.cloud.azure.AgentPoolOperation.Kind;
import sh.kaito.operator.cloud.azure.AgentPoolOperation.Status;
import sh.kaito.operator.cloud.azure.FakeArmServer.Request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The SDK adapter against the fake ARM server, through the production pipeline over HTTPS. */
class ArmAgentPoolClientTest {
  private static final String POOL_PATH =
      "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters"
          + "/cluster/agentPools/";

  private static Vertx vertx;
  private FakeArmServer fake;
  private ArmAgentPoolClient client;

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
    fake = FakeArmServer.start();
    client = ArmTestSupport.client(vertx, fake);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void getOfAMissingPoolIsEmpty() {
    assertThat(client.get("ws1")).isEmpty();
    assertThat(fake.requests())
        .extracting(Request::toString)
        .containsExactly("GET " + POOL_PATH + "ws1 -> 404");
    Request get = fake.requests().get(0);
    assertThat(get.authorization()).isEqualTo("Bearer fake-token");
    assertThat(get.query()).contains("api-version=2025-09-01");
  }

  @Test
  void createSendsGpuProvisionersBodyAndIsFollowedByPolls() {
    AgentPoolSpec spec = AgentPoolSpecs.of(ArmTestSupport.machine("ws1"));

    client.beginCreate("ws1", spec);

    assertThat(fake.requests())
        .extracting(Request::toString)
        .containsExactly("PUT " + POOL_PATH + "ws1 -> 201");
    JsonNode body = fake.lastPutBody("ws1").orElseThrow().path("properties");
    assertThat(body.path("count").asInt()).isEqualTo(1);
    assertThat(body.path("vmSize").asText()).isEqualTo("Standard_NC6s_v3");
    assertThat(body.path("osDiskSizeGB").asInt()).isEqualTo(87);
    assertThat(body.path("osType").asText()).isEqualTo("Linux");
    assertThat(body.path("osSKU").asText()).isEqualTo("Ubuntu");
    assertThat(body.path("type").asText()).isEqualTo("VirtualMachineScaleSets");
    assertThat(body.path("nodeLabels").path("kaito.sh/creation-timestamp").asText())
        .isEqualTo("2026-01-02T03-04-05Z");
    assertThat(body.path("nodeTaints").get(0).asText()).isEqualTo("sku=gpu:NoSchedule");
    assertThat(body.has("mode")).isFalse();

    assertThat(client.pollOperation("ws1", Kind.CREATE))
        .contains(new AgentPoolOperation(Kind.CREATE, Status.IN_PROGRESS, null));
    assertThat(client.pollOperation("ws1", Kind.CREATE))
        .contains(new AgentPoolOperation(Kind.CREATE, Status.SUCCEEDED, null));
    // reported once, then forgotten
    assertThat(client.pollOperation("ws1", Kind.CREATE)).isEmpty();

    AgentPoolState pool = client.get("ws1").orElseThrow();
    assertThat(pool.provisioningState()).isEqualTo("Succeeded");
    assertThat(pool.vmSize()).isEqualTo("Standard_NC6s_v3");
    assertThat(pool.nodeLabels()).containsEntry("kaito.sh/workspace", "phi-3");
    assertThat(pool.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    // PUT, two polls of the Azure-AsyncOperation URL, the GET; no final GET of the SDK
    assertThat(fake.requests())
        .extracting(Request::method, r -> r.path().contains("/operations/"))
        .containsExactly(
            tuple("PUT", false), tuple("GET", true), tuple("GET", true), tuple("GET", false));
  }

  @Test
  void asynchronousFailureKeepsTheCloudsCodeAndMessage() {
    fake.failNextCreation(
        "AllocationFailed",
        "Allocation failed. We do not have sufficient capacity for the requested VM size in this"
            + " region.");
    client.beginCreate("ws1", AgentPoolSpecs.of(ArmTestSupport.machine("ws1")));

    assertThat(client.pollOperation("ws1", Kind.CREATE).orElseThrow().status())
        .isEqualTo(Status.IN_PROGRESS);
    AgentPoolOperation failed = client.pollOperation("ws1", Kind.CREATE).orElseThrow();

    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.error().code()).isEqualTo("AllocationFailed");
    assertThat(failed.error().message()).startsWith("Allocation failed. We do not have sufficient");
    assertThat(failed.error().kind()).isEqualTo(ArmError.Kind.RETRYABLE);
    assertThat(failed.error().httpStatus()).isEqualTo(200);
    assertThat(client.get("ws1").orElseThrow().provisioningState()).isEqualTo("Failed");
  }

  @Test
  void secondPutWhileCreatingIsA409InProgress() {
    AgentPoolSpec spec = AgentPoolSpecs.of(ArmTestSupport.machine("ws1"));
    client.beginCreate("ws1", spec);

    assertThatThrownBy(() -> client.beginCreate("ws1", spec))
        .satisfies(
            e -> {
              ArmError error = ArmErrors.classify(e);
              assertThat(error.kind()).isEqualTo(ArmError.Kind.IN_PROGRESS);
              assertThat(error.code()).isEqualTo("OperationNotAllowed");
              assertThat(error.httpStatus()).isEqualTo(409);
            });
  }

  @Test
  void deleteIsFollowedThroughTheLocationUrl() {
    fake.seedPool("ws1", "Standard_NC6s_v3", "Succeeded", Map.of("kaito.sh/workspace", "w"));

    client.beginDelete("ws1");
    assertThat(fake.pool("ws1").orElseThrow().provisioningState()).isEqualTo("Deleting");
    assertThat(client.pollOperation("ws1", Kind.DELETE))
        .contains(new AgentPoolOperation(Kind.DELETE, Status.IN_PROGRESS, null));
    assertThat(client.pollOperation("ws1", Kind.DELETE))
        .contains(new AgentPoolOperation(Kind.DELETE, Status.SUCCEEDED, null));
    assertThat(client.get("ws1")).isEmpty();

    assertThat(fake.requests())
        .extracting(Request::method, Request::status)
        .containsExactly(
            tuple("DELETE", 202), tuple("GET", 202), tuple("GET", 204), tuple("GET", 404));
  }

  @Test
  void deleteOfAMissingPoolIs204AndCompletes() {
    client.beginDelete("ws1");
    assertThat(client.pollOperation("ws1", Kind.DELETE).orElseThrow().status())
        .isEqualTo(Status.SUCCEEDED);
    assertThat(fake.requests())
        .extracting(Request::toString)
        .containsExactly("DELETE " + POOL_PATH + "ws1 -> 204");
  }

  @Test
  void anOperationOfTheOtherKindIsNotPolled() {
    client.beginCreate("ws1", AgentPoolSpecs.of(ArmTestSupport.machine("ws1")));
    fake.clearRequests();

    assertThat(client.pollOperation("ws1", Kind.DELETE)).isEmpty();
    assertThat(client.pollOperation("ws2", Kind.CREATE)).isEmpty();
    assertThat(fake.requests()).isEmpty();

    client.forgetOperation("ws1");
    assertThat(client.pollOperation("ws1", Kind.CREATE)).isEmpty();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void listFollowsNextLink() {
    fake.pageSize(2);
    for (String name : List.of("a1", "b2", "c3")) {
      fake.seedPool(name, "Standard_NC6s_v3", "Succeeded", Map.of());
    }
    assertThat(client.list()).extracting(AgentPoolState::name).containsExactly("a1", "b2", "c3");
    assertThat(fake.requests()).hasSize(2).allMatch(r -> r.method().equals("GET"));
    assertThat(fake.requests().get(1).query()).contains("$skipToken=2");
  }

  @Test
  void retryAfterIsNeverWaitedFor() {
    // A server that asks for 30 s between polls: each call still returns at once.
    fake.retryAfterSeconds(30).pollsToComplete(2);
    long start = System.nanoTime();

    client.beginCreate("ws1", AgentPoolSpecs.of(ArmTestSupport.machine("ws1")));
    assertThat(client.pollOperation("ws1", Kind.CREATE).orElseThrow().status())
        .isEqualTo(Status.IN_PROGRESS);
    assertThat(client.pollOperation("ws1", Kind.CREATE).orElseThrow().status())
        .isEqualTo(Status.SUCCEEDED);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(fake.requests()).hasSize(3);
  }

  @Test
  void serverErrorsAreRetriedByThePipeline() {
    fake.failNext("GET", 1, 500, "InternalServerError", "boom");
    fake.failNext("GET", 1, 429, "TooManyRequests", "slow down");

    assertThat(client.get("ws1")).isEmpty();

    assertThat(fake.requests()).extracting(Request::status).containsExactly(500, 429, 404);
  }

  @Test
  void aLongRetryAfterIsNotSleptOnButReported() {
    fake.failNext("GET", 1, 429, "TooManyRequests", "slow down", 120);
    long start = System.nanoTime();

    assertThatThrownBy(() -> client.get("ws1"))
        .satisfies(
            e ->
                assertThat(ArmErrors.classify(e))
                    .isEqualTo(
                        new ArmError(
                            ArmError.Kind.RETRYABLE,
                            "TooManyRequests",
                            "slow down",
                            429,
                            Duration.ofSeconds(120))));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void poolNamesAreNotValidatedByTheSdkButByTheFake() {
    assertThatThrownBy(
            () -> client.beginCreate("Bad_Name", AgentPoolSpecs.of(ArmTestSupport.machine("ws1"))))
        .satisfies(e -> assertThat(ArmErrors.classify(e).code()).isEqualTo("InvalidParameter"));
    assertThat(fake.requests()).hasSize(1);
  }
}
