package sh.kaito.operator.workspace.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import sh.kaito.operator.common.Conditions;

/**
 * Classifies why a workload's pods are not ready, most actionable cause first: an OOM kill, an
 * image pull error, a container that cannot start, a crash loop, an eviction (disk or memory
 * pressure), then a pod no node can take. KAITO's reasons, with the pod's own message.
 */
public final class PodFailures {
  public static final String OOM_KILLED = "ContainerOOMKilled";
  public static final String IMAGE_PULL_ERROR = "ImagePullError";
  public static final String CONTAINER_START_ERROR = "ContainerStartError";
  public static final String CRASH_LOOP = "ContainerCrashLoopBackOff";
  public static final String EVICTED = "PodEvicted";
  public static final String NODE_DISK_PRESSURE = "NodeDiskPressure";
  public static final String NODE_MEMORY_PRESSURE = "NodeMemoryPressure";
  public static final String UNSCHEDULABLE = "Unschedulable";

  static final int MAX_MESSAGE = 256;

  private static final Set<String> IMAGE_PULL_REASONS =
      Set.of(
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "ErrImageNeverPull",
          "ImageInspectError",
          "RegistryUnavailable");
  private static final Set<String> START_REASONS =
      Set.of(
          "CreateContainerConfigError",
          "PreCreateHookError",
          "CreateContainerError",
          "PreStartHookError",
          "RunContainerError",
          "PostStartHookError");

  private PodFailures() {}

  public static Optional<PodFailure> classify(List<Pod> pods) {
    List<Function<ContainerStatus, String>> checks =
        List.of(
            PodFailures::oomKilled,
            PodFailures::imagePull,
            PodFailures::startError,
            PodFailures::crashLoop);
    List<String> reasons = List.of(OOM_KILLED, IMAGE_PULL_ERROR, CONTAINER_START_ERROR, CRASH_LOOP);
    for (int i = 0; i < checks.size(); i++) {
      for (Pod pod : pods) {
        for (ContainerStatus cs : statuses(pod)) {
          String message = checks.get(i).apply(cs);
          if (message != null) {
            return Optional.of(failure(reasons.get(i), message));
          }
        }
      }
    }
    for (Pod pod : pods) {
      Optional<PodFailure> evicted = evicted(pod);
      if (evicted.isPresent()) {
        return evicted;
      }
    }
    for (Pod pod : pods) {
      Optional<PodFailure> unschedulable = unschedulable(pod);
      if (unschedulable.isPresent()) {
        return unschedulable;
      }
    }
    return Optional.empty();
  }

  private static List<ContainerStatus> statuses(Pod pod) {
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus() != null) {
      if (pod.getStatus().getInitContainerStatuses() != null) {
        all.addAll(pod.getStatus().getInitContainerStatuses());
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        all.addAll(pod.getStatus().getContainerStatuses());
      }
    }
    return all;
  }

  private static String oomKilled(ContainerStatus cs) {
    for (ContainerStateTerminated t :
        java.util.Arrays.asList(terminated(cs, false), terminated(cs, true))) {
      if (t != null && "OOMKilled".equals(t.getReason())) {
        return "container \""
            + cs.getName()
            + "\" was OOMKilled (exit code "
            + t.getExitCode()
            + "); reduce memory usage or use a larger instance type";
      }
    }
    return null;
  }

  private static String imagePull(ContainerStatus cs) {
    ContainerStateWaiting w = waiting(cs);
    if (w != null && IMAGE_PULL_REASONS.contains(w.getReason())) {
      return "container \""
          + cs.getName()
          + "\" image pull failed ("
          + w.getReason()
          + "): "
          + nz(w.getMessage());
    }
    return null;
  }

  private static String startError(ContainerStatus cs) {
    ContainerStateWaiting w = waiting(cs);
    if (w != null && START_REASONS.contains(w.getReason())) {
      return "container \""
          + cs.getName()
          + "\" failed to start ("
          + w.getReason()
          + "): "
          + nz(w.getMessage());
    }
    return null;
  }

  private static String crashLoop(ContainerStatus cs) {
    ContainerStateWaiting w = waiting(cs);
    if (w == null || !"CrashLoopBackOff".equals(w.getReason())) {
      return null;
    }
    String message = "container \"" + cs.getName() + "\" is in CrashLoopBackOff";
    ContainerStateTerminated last = terminated(cs, true);
    if (last != null) {
      String detail =
          last.getMessage() == null || last.getMessage().isEmpty()
              ? "exit code " + last.getExitCode()
              : last.getMessage();
      message += "; last termination: " + detail;
    }
    return message;
  }

  private static Optional<PodFailure> evicted(Pod pod) {
    if (pod.getStatus() == null
        || !"Failed".equals(pod.getStatus().getPhase())
        || !"Evicted".equals(pod.getStatus().getReason())) {
      return Optional.empty();
    }
    String name = pod.getMetadata().getName();
    String msg = nz(pod.getStatus().getMessage());
    String lower = msg.toLowerCase(Locale.ROOT);
    if (lower.contains("ephemeral-storage") || lower.contains("disk")) {
      return Optional.of(
          failure(
              NODE_DISK_PRESSURE,
              "pod \"" + name + "\" evicted due to node disk pressure: " + msg));
    }
    if (lower.contains("memory")) {
      return Optional.of(
          failure(
              NODE_MEMORY_PRESSURE,
              "pod \"" + name + "\" evicted due to node memory pressure: " + msg));
    }
    return Optional.of(failure(EVICTED, "pod \"" + name + "\" was evicted: " + msg));
  }

  private static Optional<PodFailure> unschedulable(Pod pod) {
    if (pod.getStatus() == null
        || !"Pending".equals(pod.getStatus().getPhase())
        || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("PodScheduled".equals(c.getType())
          && "False".equals(c.getStatus())
          && "Unschedulable".equals(c.getReason())) {
        return Optional.of(
            failure(
                UNSCHEDULABLE,
                "pod \""
                    + pod.getMetadata().getName()
                    + "\" is unschedulable: "
                    + nz(c.getMessage())));
      }
    }
    return Optional.empty();
  }

  /** The waiting state, when it has a reason (Set.of(...).contains(null) throws). */
  private static ContainerStateWaiting waiting(ContainerStatus cs) {
    ContainerStateWaiting w = cs.getState() == null ? null : cs.getState().getWaiting();
    return w == null || w.getReason() == null ? null : w;
  }

  private static ContainerStateTerminated terminated(ContainerStatus cs, boolean last) {
    var state = last ? cs.getLastState() : cs.getState();
    return state == null ? null : state.getTerminated();
  }

  private static PodFailure failure(String reason, String message) {
    return new PodFailure(reason, Conditions.truncate(message, MAX_MESSAGE));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
