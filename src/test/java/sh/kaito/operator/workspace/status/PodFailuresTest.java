package sh.kaito.operator.workspace.status;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/** Why a workload's pods are not ready, most actionable cause first. */
class PodFailuresTest {

  // --- fixtures -------------------------------------------------------------------------------

  private static Pod pod(String name, PodStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withStatus(status)
        .build();
  }

  private static Pod running(String name, ContainerStatus... containers) {
    return pod(
        name,
        new PodStatusBuilder()
            .withPhase("Running")
            .withContainerStatuses(Arrays.asList(containers))
            .build());
  }

  private static ContainerState waitingState(String reason, String message) {
    return new ContainerStateBuilder()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .build();
  }

  private static ContainerState terminatedState(String reason, int exitCode, String message) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withReason(reason)
        .withExitCode(exitCode)
        .withMessage(message)
        .endTerminated()
        .build();
  }

  private static ContainerStatus container(
      String name, ContainerState state, ContainerState lastState) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withState(state)
        .withLastState(lastState)
        .withReady(false)
        .build();
  }

  private static ContainerStatus waiting(String name, String reason, String message) {
    return container(name, waitingState(reason, message), null);
  }

  private static Pod evicted(String name, String message) {
    return pod(
        name,
        new PodStatusBuilder()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage(message)
            .build());
  }

  private static Pod unschedulable(String name, String message) {
    return pod(
        name,
        new PodStatusBuilder()
            .withPhase("Pending")
            .withConditions(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage(message)
                    .build())
            .build());
  }

  private static PodFailure classify(Pod... pods) {
    Optional<PodFailure> failure = PodFailures.classify(List.of(pods));
    assertThat(failure).isPresent();
    return failure.get();
  }

  // --- each reason ----------------------------------------------------------------------------

  @Test
  void oomKilledInTheCurrentState() {
    Pod pod = running("ws-0", container("model", terminatedState("OOMKilled", 137, null), null));

    assertThat(classify(pod))
        .isEqualTo(
            new PodFailure(
                PodFailures.OOM_KILLED,
                "container \"model\" was OOMKilled (exit code 137); reduce memory usage or use a"
                    + " larger instance type"));
  }

  @Test
  void oomKilledInTheLastStateOfARestartedContainer() {
    Pod pod =
        running(
            "ws-0",
            container(
                "model",
                waitingState("CrashLoopBackOff", "back-off 5m0s"),
                terminatedState("OOMKilled", 137, null)));

    PodFailure failure = classify(pod);

    assertThat(failure.reason()).isEqualTo("ContainerOOMKilled");
    assertThat(failure.message()).startsWith("container \"model\" was OOMKilled (exit code 137)");
  }

  @Test
  void aTerminatedContainerThatWasNotOomKilledIsNoFailure() {
    Pod pod = running("ws-0", container("model", terminatedState("Completed", 0, null), null));

    assertThat(PodFailures.classify(List.of(pod))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ImagePullBackOff",
        "ErrImagePull",
        "InvalidImageName",
        "ErrImageNeverPull",
        "ImageInspectError",
        "RegistryUnavailable"
      })
  void everyImagePullReason(String reason) {
    Pod pod = running("ws-0", waiting("model", reason, "pull access denied for x"));

    assertThat(classify(pod))
        .isEqualTo(
            new PodFailure(
                PodFailures.IMAGE_PULL_ERROR,
                "container \"model\" image pull failed ("
                    + reason
                    + "): pull access denied for x"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CreateContainerConfigError",
        "PreCreateHookError",
        "CreateContainerError",
        "PreStartHookError",
        "RunContainerError",
        "PostStartHookError"
      })
  void everyContainerStartReason(String reason) {
    Pod pod = running("ws-0", waiting("model", reason, "secret \"hf\" not found"));

    assertThat(classify(pod))
        .isEqualTo(
            new PodFailure(
                PodFailures.CONTAINER_START_ERROR,
                "container \"model\" failed to start (" + reason + "): secret \"hf\" not found"));
  }

  @Test
  void aWaitingReasonWithoutMessageGivesAnEmptyDetail() {
    Pod pod = running("ws-0", waiting("model", "ErrImagePull", null));

    assertThat(classify(pod).message())
        .isEqualTo("container \"model\" image pull failed (ErrImagePull): ");
  }

  @Test
  void crashLoopWithTheLastTerminationMessage() {
    Pod pod =
        running(
            "ws-0",
            container(
                "model",
                waitingState("CrashLoopBackOff", "back-off 40s"),
                terminatedState("Error", 1, "ValueError: bad config")));

    assertThat(classify(pod))
        .isEqualTo(
            new PodFailure(
                PodFailures.CRASH_LOOP,
                "container \"model\" is in CrashLoopBackOff; last termination: ValueError: bad"
                    + " config"));
  }

  @Test
  void crashLoopWithoutTerminationMessageGivesTheExitCode() {
    Pod pod =
        running(
            "ws-0",
            container(
                "model",
                waitingState("CrashLoopBackOff", "back-off 40s"),
                terminatedState("Error", 3, "")));

    assertThat(classify(pod).message())
        .isEqualTo("container \"model\" is in CrashLoopBackOff; last termination: exit code 3");
  }

  @Test
  void crashLoopWithoutLastState() {
    Pod pod = running("ws-0", waiting("model", "CrashLoopBackOff", "back-off 10s"));

    assertThat(classify(pod))
        .isEqualTo(
            new PodFailure(PodFailures.CRASH_LOOP, "container \"model\" is in CrashLoopBackOff"));
  }

  @Test
  void evictionForEphemeralStorageIsDiskPressure() {
    PodFailure failure =
        classify(evicted("ws-0", "The node was low on resource: ephemeral-storage."));

    assertThat(failure)
        .isEqualTo(
            new PodFailure(
                PodFailures.NODE_DISK_PRESSURE,
                "pod \"ws-0\" evicted due to node disk pressure: The node was low on resource:"
                    + " ephemeral-storage."));
  }

  @Test
  void evictionMentioningDiskIsDiskPressure() {
    assertThat(classify(evicted("ws-0", "The node had condition: [DiskPressure].")).reason())
        .isEqualTo(PodFailures.NODE_DISK_PRESSURE);
  }

  @Test
  void evictionForMemoryIsMemoryPressure() {
    assertThat(classify(evicted("ws-1", "The node was low on resource: memory.")))
        .isEqualTo(
            new PodFailure(
                PodFailures.NODE_MEMORY_PRESSURE,
                "pod \"ws-1\" evicted due to node memory pressure: The node was low on resource:"
                    + " memory."));
  }

  @Test
  void evictionForAnythingElseIsPlainEviction() {
    assertThat(classify(evicted("ws-2", "Pod was rejected: node shutting down")))
        .isEqualTo(
            new PodFailure(
                PodFailures.EVICTED,
                "pod \"ws-2\" was evicted: Pod was rejected: node shutting down"));
    assertThat(classify(evicted("ws-3", null)))
        .isEqualTo(new PodFailure(PodFailures.EVICTED, "pod \"ws-3\" was evicted: "));
  }

  @Test
  void aFailedPodThatWasNotEvictedIsNoEviction() {
    Pod failed =
        pod(
            "ws-0",
            new PodStatusBuilder().withPhase("Failed").withReason("DeadlineExceeded").build());

    assertThat(PodFailures.classify(List.of(failed))).isEmpty();
  }

  @Test
  void anUnschedulablePendingPod() {
    assertThat(classify(unschedulable("ws-0", "0/3 nodes are available: 3 Insufficient gpu.")))
        .isEqualTo(
            new PodFailure(
                PodFailures.UNSCHEDULABLE,
                "pod \"ws-0\" is unschedulable: 0/3 nodes are available: 3 Insufficient gpu."));
  }

  @Test
  void aPendingPodThatIsMerelyNotScheduledYetIsNoFailure() {
    Pod scheduling =
        pod(
            "ws-0",
            new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(
                    new PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("False")
                        .withReason("SchedulerError")
                        .build())
                .build());
    Pod scheduled =
        pod(
            "ws-1",
            new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(
                    new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .build());
    Pod noConditions = pod("ws-2", new PodStatusBuilder().withPhase("Pending").build());

    assertThat(PodFailures.classify(List.of(scheduling, scheduled, noConditions))).isEmpty();
  }

  @Test
  void aRunningPodWithAnUnschedulableConditionLeftOverIsNoFailure() {
    Pod pod =
        pod(
            "ws-0",
            new PodStatusBuilder()
                .withPhase("Running")
                .withConditions(
                    new PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("False")
                        .withReason("Unschedulable")
                        .build())
                .build());

    assertThat(PodFailures.classify(List.of(pod))).isEmpty();
  }

  // --- precedence -----------------------------------------------------------------------------

  @Test
  void oomComesBeforeImagePullEvenInALaterPod() {
    Pod imagePull = running("ws-0", waiting("model", "ImagePullBackOff", "denied"));
    Pod oom = running("ws-1", container("model", terminatedState("OOMKilled", 137, null), null));

    assertThat(classify(imagePull, oom).reason()).isEqualTo(PodFailures.OOM_KILLED);
  }

  @Test
  void imagePullComesBeforeStartError() {
    Pod start = running("ws-0", waiting("model", "CreateContainerConfigError", "no secret"));
    Pod pull = running("ws-1", waiting("model", "ErrImagePull", "denied"));

    assertThat(classify(start, pull).reason()).isEqualTo(PodFailures.IMAGE_PULL_ERROR);
  }

  @Test
  void startErrorComesBeforeCrashLoop() {
    Pod crash = running("ws-0", waiting("model", "CrashLoopBackOff", "back-off"));
    Pod start = running("ws-1", waiting("model", "RunContainerError", "exec failed"));

    assertThat(classify(crash, start).reason()).isEqualTo(PodFailures.CONTAINER_START_ERROR);
  }

  @Test
  void crashLoopComesBeforeEviction() {
    Pod evicted = evicted("ws-0", "The node was low on resource: memory.");
    Pod crash = running("ws-1", waiting("model", "CrashLoopBackOff", "back-off"));

    assertThat(classify(evicted, crash).reason()).isEqualTo(PodFailures.CRASH_LOOP);
  }

  @Test
  void evictionComesBeforeUnschedulable() {
    Pod pending = unschedulable("ws-0", "0/1 nodes are available");
    Pod evicted = evicted("ws-1", "The node was low on resource: ephemeral-storage.");

    assertThat(classify(pending, evicted).reason()).isEqualTo(PodFailures.NODE_DISK_PRESSURE);
  }

  @Test
  void theFullOrderWithEveryCauseInOnePodList() {
    Pod unschedulable = unschedulable("ws-a", "no nodes");
    Pod evicted = evicted("ws-b", "low on memory");
    Pod crash = running("ws-c", waiting("model", "CrashLoopBackOff", null));
    Pod start = running("ws-d", waiting("model", "CreateContainerError", null));
    Pod pull = running("ws-e", waiting("model", "ImagePullBackOff", null));
    Pod oom = running("ws-f", container("model", null, terminatedState("OOMKilled", 137, null)));

    List<Pod> pods = List.of(unschedulable, evicted, crash, start, pull, oom);
    assertThat(classify(pods.toArray(Pod[]::new)).reason()).isEqualTo(PodFailures.OOM_KILLED);
    assertThat(classify(pods.subList(0, 5).toArray(Pod[]::new)).reason())
        .isEqualTo(PodFailures.IMAGE_PULL_ERROR);
    assertThat(classify(pods.subList(0, 4).toArray(Pod[]::new)).reason())
        .isEqualTo(PodFailures.CONTAINER_START_ERROR);
    assertThat(classify(pods.subList(0, 3).toArray(Pod[]::new)).reason())
        .isEqualTo(PodFailures.CRASH_LOOP);
    assertThat(classify(pods.subList(0, 2).toArray(Pod[]::new)).reason())
        .isEqualTo(PodFailures.NODE_MEMORY_PRESSURE);
    assertThat(classify(pods.subList(0, 1).toArray(Pod[]::new)).reason())
        .isEqualTo(PodFailures.UNSCHEDULABLE);
  }

  @Test
  void theFirstPodWithTheSameCauseIsReported() {
    Pod first = running("ws-0", waiting("first", "ErrImagePull", "a"));
    Pod second = running("ws-1", waiting("second", "ErrImagePull", "b"));

    assertThat(classify(first, second).message()).contains("\"first\"");
  }

  // --- init containers, truncation, nothing ---------------------------------------------------

  @Test
  void initContainersCountToo() {
    Pod pod =
        pod(
            "ws-0",
            new PodStatusBuilder()
                .withPhase("Pending")
                .withInitContainerStatuses(waiting("model-weights", "ImagePullBackOff", "denied"))
                .withContainerStatuses(waiting("model", "PodInitializing", null))
                .build());

    assertThat(classify(pod))
        .isEqualTo(
            new PodFailure(
                PodFailures.IMAGE_PULL_ERROR,
                "container \"model-weights\" image pull failed (ImagePullBackOff): denied"));
  }

  @Test
  void anOomKilledInitContainerCounts() {
    Pod pod =
        pod(
            "ws-0",
            new PodStatusBuilder()
                .withPhase("Pending")
                .withInitContainerStatuses(
                    container("init", terminatedState("OOMKilled", 137, null), null))
                .build());

    assertThat(classify(pod).reason()).isEqualTo(PodFailures.OOM_KILLED);
  }

  @Test
  void messagesAreTruncatedTo256Characters() {
    String longMessage = "x".repeat(1000);
    Pod pod = running("ws-0", waiting("model", "ErrImagePull", longMessage));

    PodFailure failure = classify(pod);

    assertThat(failure.message())
        .hasSize(PodFailures.MAX_MESSAGE)
        .hasSize(256)
        .startsWith("container \"model\" image pull failed (ErrImagePull): xxx")
        .endsWith("...");
  }

  @Test
  void aMessageOfExactly256CharactersIsKept() {
    String prefix = "pod \"ws-0\" was evicted: ";
    String message = "y".repeat(256 - prefix.length());

    assertThat(classify(evicted("ws-0", message)).message()).isEqualTo(prefix + message);
  }

  @Test
  void healthyOrStartingPodsGiveNothing() {
    Pod ready =
        running(
            "ws-0",
            new ContainerStatusBuilder()
                .withName("model")
                .withReady(true)
                .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
                .build());
    Pod creating = running("ws-1", waiting("model", "ContainerCreating", null));

    assertThat(PodFailures.classify(List.of(ready, creating))).isEmpty();
    assertThat(PodFailures.classify(List.of())).isEmpty();
  }

  // --- partial objects never throw (regression: List.of with null elements used to NPE) -------

  @Test
  void podsWithMissingStatusPartsDoNotThrow() {
    Pod noStatus = pod("ws-0", null);
    Pod noContainerStatuses = pod("ws-1", new PodStatusBuilder().withPhase("Running").build());
    Pod nullStates = running("ws-2", container("model", null, null));
    Pod emptyState =
        running("ws-3", container("model", new ContainerState(), new ContainerState()));
    Pod noPhase = pod("ws-4", new PodStatus());

    assertThat(
            PodFailures.classify(
                List.of(noStatus, noContainerStatuses, nullStates, emptyState, noPhase)))
        .isEmpty();
  }

  @Test
  void aCurrentStateWithoutTerminationAndALastStateWithoutTerminationDoNotThrow() {
    Pod pod =
        running(
            "ws-0",
            container(
                "model",
                new ContainerStateBuilder().withNewRunning().endRunning().build(),
                new ContainerState()));

    assertThat(PodFailures.classify(List.of(pod))).isEmpty();
  }

  @Test
  void aWaitingStateWithoutReasonDoesNotThrow() {
    Pod pod = running("ws-0", waiting("model", null, "still waiting"));

    assertThat(PodFailures.classify(List.of(pod))).isEmpty();
  }

  @Test
  void aFailureIsStillFoundNextToPartialPods() {
    Pod noStatus = pod("ws-0", null);
    Pod nullStates = running("ws-1", container("model", null, null));
    Pod crash = running("ws-2", waiting("model", "CrashLoopBackOff", null));

    assertThat(classify(noStatus, nullStates, crash).reason()).isEqualTo(PodFailures.CRASH_LOOP);
  }
}
