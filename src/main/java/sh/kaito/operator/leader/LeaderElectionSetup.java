package sh.kaito.operator.leader;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

import sh.kaito.operator.config.KaitoConfig;

/**
 * The Lease QOSDK uses for leader election. QOSDK asks for this bean only in the profiles listed in
 * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} ({@code prod}); then every
 * replica starts its informers, and the one holding the Lease {@code
 * <operator-namespace>/<lease-name>} processes events. The Lease holder's identity is the pod name
 * ({@code HOSTNAME}).
 */
@ApplicationScoped
public class LeaderElectionSetup {

  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElectionConfiguration(KaitoConfig config, LeaderOnly leader) {
    return configuration(config, leader);
  }

  /** The configuration, built from the operator's settings; callbacks feed {@code leader}. */
  public static LeaderElectionConfiguration configuration(KaitoConfig config, LeaderOnly leader) {
    KaitoConfig.LeaderElection le = config.leaderElection();
    // The constructor, not LeaderElectionConfigurationBuilder: in JOSDK 5.3.2 the builder's build()
    // turns exitOnStopLeading off, and its setter refuses to turn it on.
    return new LeaderElectionConfiguration(
        le.leaseName(),
        config.operatorNamespace(),
        le.leaseDuration(),
        le.renewDeadline(),
        le.retryPeriod(),
        null, // identity: JOSDK uses HOSTNAME, the pod name
        new LeaderCallbacks(leader::startedLeading, leader::stoppedLeading, leader::newLeader),
        le.exitOnStopLeading());
  }
}
