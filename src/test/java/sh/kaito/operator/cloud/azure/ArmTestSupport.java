package sh.kaito.operator.cloud.azure;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.vertx.VertxHttpClientBuilder;

import reactor.core.publisher.Mono;
import sh.kaito.operator.api.machine.ImageFamily;
import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineSpec;

/** The real SDK client against a {@link FakeArmServer}, and Machine fixtures. */
public final class ArmTestSupport {
  /** A token the SDK's bearer policy accepts; the fake checks that it arrives. */
  public static final TokenCredential FAKE_CREDENTIAL =
      context -> Mono.just(new AccessToken("fake-token", OffsetDateTime.now().plusHours(1)));

  static final String CREATED = "2026-01-02T03:04:05Z";

  private ArmTestSupport() {}

  /** Two retries 10 ms apart at most; a Retry-After above 1 s is not waited for. */
  public static ArmSettings settings(FakeArmServer fake) {
    return new ArmSettings(
        "sub",
        "rg",
        "cluster",
        "tenant",
        fake.endpoint(),
        2,
        Duration.ofMillis(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(15),
        Duration.ofSeconds(60));
  }

  /** The production Vert.x HTTP client, trusting the fake's self-signed certificate. */
  public static HttpClient httpClient(Vertx vertx, FakeArmServer fake) {
    return new VertxHttpClientBuilder()
        .vertx(vertx)
        .httpClientOptions(
            new HttpClientOptions()
                .setTrustOptions(
                    new PemTrustOptions().addCertValue(Buffer.buffer(fake.certificatePem()))))
        .build();
  }

  public static ArmAgentPoolClient client(Vertx vertx, FakeArmServer fake) {
    return ArmClients.agentPools(settings(fake), FAKE_CREDENTIAL, httpClient(vertx, fake));
  }

  /** The seed's Machine: one V100 node with 87Gi of OS disk for a Workspace. */
  public static Machine machine(String name) {
    return machine(name, "Standard_NC6s_v3", ImageFamily.UBUNTU);
  }

  static Machine machine(String name, String instanceType, ImageFamily imageFamily) {
    Machine machine = new Machine();
    machine.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withCreationTimestamp(CREATED)
            .withLabels(
                Map.of("kaito.sh/workspace", "phi-3", "kaito.sh/workspacenamespace", "default"))
            .build());
    machine.setSpec(
        new MachineSpec(
            instanceType,
            "87Gi",
            Map.of(
                "kaito.sh/workspace", "phi-3",
                "kaito.sh/workspacenamespace", "default",
                "apps", "phi-3"),
            List.of(
                new TaintBuilder()
                    .withKey("sku")
                    .withValue("gpu")
                    .withEffect("NoSchedule")
                    .build()),
            imageFamily));
    return machine;
  }
}
