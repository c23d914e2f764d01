package sh.kaito.operator.leader;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

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
  private static final Logger LOG = Logger.getLogger(LeaderElectionSetup.class);

  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElectionConfiguration(KaitoConfig config, LeaderOnly leader) {
    return configuration(config, leader);
  }

  /** The configuration, built from the operator's settings; callbacks feed {@code leader}. */
  public static LeaderElectionConfiguration configuration(KaitoConfig config, LeaderOnly leader) {
    return configuration(config, leader, LeaderElectionSetup::exitSoon);
  }

  /**
   * As {@link #configuration(KaitoConfig, LeaderOnly)}, with {@code exit} run when the Lease is
   * lost and {@code kaito.leader-election.exit-on-stop-leading} is on.
   *
   * <p>JOSDK's own exit-on-stop-leading is off: it calls {@code System.exit} from the elector's
   * stop callback, and on SIGTERM that callback runs inside Quarkus' shutdown hook, where {@code
   * System.exit} blocks for ever. Every leader pod then hung until Kubernetes killed it (exit 137,
   * seen in HighAvailabilityE2EIT). Our exit runs on a thread of its own instead.
   */
  static LeaderElectionConfiguration configuration(
      KaitoConfig config, LeaderOnly leader, Runnable exit) {
    KaitoConfig.LeaderElection le = config.leaderElection();
    Runnable stopped =
        le.exitOnStopLeading()
            ? () -> {
              leader.stoppedLeading();
              exit.run();
            }
            : leader::stoppedLeading;
    // The constructor, not LeaderElectionConfigurationBuilder: in JOSDK 5.3.2 the builder's build()
    // ignores some settings.
    return new LeaderElectionConfiguration(
        le.leaseName(),
        config.operatorNamespace(),
        le.leaseDuration(),
        le.renewDeadline(),
        le.retryPeriod(),
        null, // identity: JOSDK uses HOSTNAME, the pod name
        new LeaderCallbacks(leader::startedLeading, stopped, leader::newLeader),
        false);
  }

  /**
   * Ends the process from a daemon thread, so Kubernetes restarts it as a follower; nothing when
   * the JVM is already shutting down (SIGTERM: the Lease ends because the process does). The thread
   * keeps the elector's thread free: the shutdown that {@code System.exit} starts stops the
   * elector.
   */
  static void exitSoon() {
    if (shuttingDown()) {
      return;
    }
    Thread exit =
        new Thread(
            () -> {
              LOG.error("lost the leader-election Lease: exiting, to restart as a follower");
              System.exit(1);
            },
            "kaito-leader-lost-exit");
    exit.setDaemon(true);
    exit.start();
  }

  /** Whether the JVM runs its shutdown hooks: it then refuses new ones. */
  static boolean shuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
