package sh.kaito.operator.leader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderOnlyTest {

  @Test
  void withoutLeaderElectionTheOnlyReplicaLeadsAndRunsTasks() {
    LeaderOnly leader = new LeaderOnly(() -> false);
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger elected = new AtomicInteger();

    leader.whenElected(elected::incrementAndGet);

    assertThat(leader.isLeader()).isTrue();
    assertThat(leader.run("task", runs::incrementAndGet)).isTrue();
    assertThat(runs).hasValue(1);
    assertThat(elected).as("runs at once when already leading").hasValue(1);
  }

  @Test
  void aFollowerSkipsTasksUntilItAcquiresTheLeaseAndAgainAfterLosingIt() {
    LeaderOnly leader = new LeaderOnly(() -> true);
    List<String> ran = new ArrayList<>();
    AtomicInteger elected = new AtomicInteger();
    leader.whenElected(elected::incrementAndGet);

    leader.newLeader("replica-b");
    assertThat(leader.isLeader()).isFalse();
    assertThat(leader.run("sweep", () -> ran.add("as follower"))).isFalse();
    assertThat(elected).hasValue(0);
    assertThat(leader.currentLeader()).isEqualTo("replica-b");

    leader.newLeader("replica-a");
    leader.startedLeading();
    assertThat(leader.isLeader()).isTrue();
    assertThat(elected).hasValue(1);
    assertThat(leader.run("sweep", () -> ran.add("as leader"))).isTrue();

    leader.stoppedLeading();
    assertThat(leader.isLeader()).isFalse();
    assertThat(leader.run("sweep", () -> ran.add("after losing the lease"))).isFalse();

    assertThat(ran).containsExactly("as leader");
  }

  @Test
  void aFailingElectionActionDoesNotStopTheOthers() {
    LeaderOnly leader = new LeaderOnly(() -> true);
    AtomicInteger second = new AtomicInteger();
    leader.whenElected(
        () -> {
          throw new IllegalStateException("boom");
        });
    leader.whenElected(second::incrementAndGet);

    leader.startedLeading();

    assertThat(second).hasValue(1);
    assertThat(leader.isLeader()).isTrue();
  }

  @Test
  void whetherElectionIsOnIsAskedOnceAndLazily() {
    AtomicInteger asked = new AtomicInteger();
    LeaderOnly leader =
        new LeaderOnly(
            () -> {
              asked.incrementAndGet();
              return true;
            });
    assertThat(asked).hasValue(0);

    leader.isLeader();
    leader.isLeader();

    assertThat(asked).hasValue(1);
    assertThat(leader.electionEnabled()).isTrue();
  }
}
