package sh.kaito.operator.leader;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkiverse.operatorsdk.runtime.QuarkusConfigurationService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import sh.kaito.operator.config.KaitoConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader-election settings the operator hands to QOSDK, and that QOSDK turns election on in the
 * {@code prod} profile only (in tests there is a single operator: it leads). No CRDs needed: it
 * shares the Quarkus application of WorkspaceWebhookTest and CloudProvidersTest.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class LeaderElectionConfigurationTest {
  @Inject LeaderElectionConfiguration configuration;
  @Inject QuarkusConfigurationService operatorConfiguration;
  @Inject LeaderOnly leader;
  @Inject KaitoConfig config;

  @Test
  void theLeaseIsKaitoOperatorLeaderInTheOperatorsNamespace() {
    assertThat(configuration.getLeaseName()).isEqualTo("kaito-operator-leader");
    assertThat(configuration.getLeaseNamespace()).contains("kaito-system");
    assertThat(configuration.getLeaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(configuration.getRenewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(configuration.getRetryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(configuration.isExitOnStopLeading())
        .as("JOSDK's own exit (it hangs in a shutdown hook); ours is in the callback")
        .isFalse();
    assertThat(config.leaderElection().exitOnStopLeading()).isTrue();
    assertThat(configuration.getIdentity()).as("the pod name (HOSTNAME) by default").isEmpty();
    assertThat(configuration.getLeaderCallbacks()).isPresent();
  }

  @Test
  void losingTheLeaseExitsThroughTheCallbackOnlyWhenConfigured() {
    AtomicInteger exits = new AtomicInteger();
    LeaderOnly replica = new LeaderOnly(() -> true);
    replica.startedLeading();

    LeaderElectionSetup.configuration(config, replica, exits::incrementAndGet)
        .getLeaderCallbacks()
        .orElseThrow()
        .onStopLeading();

    assertThat(exits).hasValue(1);
    assertThat(replica.isLeader()).isFalse();
  }

  @Test
  void aRunningJvmIsNotShuttingDown() {
    assertThat(LeaderElectionSetup.shuttingDown()).isFalse();
  }

  @Test
  void electionIsOnInProdOnlyAndTheSingleTestOperatorLeads() {
    assertThat(
            ConfigProvider.getConfig()
                .getValues(
                    "quarkus.operator-sdk.activate-leader-election-for-profiles", String.class))
        .isEqualTo(List.of("prod"));
    assertThat(operatorConfiguration.getLeaderElectionConfiguration()).isEmpty();
    assertThat(leader.electionEnabled()).isFalse();
    assertThat(leader.isLeader()).isTrue();
  }

  @Test
  void webhookCertificateDefaults() {
    assertThat(config.webhook().certificateValidity()).isEqualTo(Duration.ofDays(365));
    assertThat(config.webhook().renewBefore()).isEqualTo(Duration.ofDays(30));
    assertThat(config.webhook().caValidity()).isEqualTo(Duration.ofDays(3650));
    assertThat(config.webhook().checkInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.webhook().secretName()).isEqualTo("kaito-operator-webhook-tls");
    assertThat(config.operatorNamespace()).isEqualTo("kaito-system");
  }
}
