package sh.kaito.operator.leader;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkiverse.operatorsdk.runtime.QuarkusConfigurationService;

/**
 * Whether this replica is the active one, and a guard that runs a task only there.
 *
 * <p>With leader election (the {@code prod} profile), JOSDK starts the controllers' event
 * processing only on the replica that holds the Lease; the operator's own periodic tasks ask this
 * guard. Until the Lease is acquired, and after it is lost, {@link #isLeader()} is false. Without
 * leader election (tests, dev mode) this process is the only one and always the leader.
 */
@ApplicationScoped
public class LeaderOnly {
  private static final Logger LOG = Logger.getLogger(LeaderOnly.class);

  private final BooleanSupplier electionEnabled;
  private volatile Boolean enabled;
  private volatile boolean leading;
  private final AtomicReference<String> leader = new AtomicReference<>();
  private final List<Runnable> onElected = new CopyOnWriteArrayList<>();

  @Inject
  public LeaderOnly(Instance<QuarkusConfigurationService> configuration) {
    this(() -> configuration.get().getLeaderElectionConfiguration().isPresent());
  }

  /** For tests: {@code electionEnabled} tells whether a Lease decides who leads. */
  public LeaderOnly(BooleanSupplier electionEnabled) {
    this.electionEnabled = electionEnabled;
  }

  /** Whether a Lease decides which replica leads (read once, lazily). */
  public boolean electionEnabled() {
    Boolean e = enabled;
    if (e == null) {
      e = electionEnabled.getAsBoolean();
      enabled = e;
    }
    return e;
  }

  /** True on the replica that holds the Lease, or always when there is no leader election. */
  public boolean isLeader() {
    return !electionEnabled() || leading;
  }

  /** The holder of the Lease as last observed, if known. */
  public String currentLeader() {
    return leader.get();
  }

  /**
   * Runs {@code task} if this replica leads; returns whether it ran. Followers skip it (logged at
   * debug), so a periodic task scheduled on every replica acts on one only.
   */
  public boolean run(String name, Runnable task) {
    if (!isLeader()) {
      LOG.debugf("%s skipped: this replica is not the leader (leader: %s)", name, leader.get());
      return false;
    }
    task.run();
    return true;
  }

  /**
   * Registers an action to run each time this replica becomes the leader (on the leader-election
   * thread: hand long work to an executor), and runs it now if it already leads.
   */
  public void whenElected(Runnable action) {
    onElected.add(action);
    if (isLeader()) {
      action.run();
    }
  }

  /** Called by the leader elector when this replica acquired the Lease. */
  public void startedLeading() {
    leading = true;
    LOG.info("this replica is now the leader");
    for (Runnable action : onElected) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warnf(e, "an action on becoming the leader failed");
      }
    }
  }

  /** Called by the leader elector when this replica lost the Lease. */
  public void stoppedLeading() {
    leading = false;
    LOG.info("this replica is no longer the leader");
  }

  /** Called by the leader elector when it observes a (new) holder of the Lease. */
  public void newLeader(String identity) {
    String previous = leader.getAndSet(identity);
    if (identity != null && !identity.equals(previous)) {
      LOG.infof("leader: %s", identity);
    }
  }
}
