package sh.kaito.operator.workspace;

import java.util.List;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Condition;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.api.v1beta1.WorkspaceConditions;
import sh.kaito.operator.api.v1beta1.WorkspaceStatus;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.events.EventRecorder;

/**
 * Turns a Workspace's condition changes into Events: one Event each time a condition changes status
 * or reason, Normal when it became True or is merely waiting, Warning for a failure.
 */
@ApplicationScoped
public class WorkspaceEvents {
  /** Reasons that mean "not yet", not "something is wrong". */
  private static final Set<String> WAITING =
      Set.of(
          WorkspaceConditions.REASON_RESOURCE_NOT_READY,
          WorkspaceConditions.REASON_INFERENCE_PENDING,
          WorkspaceConditions.REASON_TUNING_PENDING,
          WorkspaceConditions.REASON_PENDING,
          "NodeNotReady");

  /** Conditions worth an Event; NodesReady duplicates ResourceReady. */
  private static final List<String> REPORTED =
      List.of(
          WorkspaceConditions.RESOURCE_READY,
          WorkspaceConditions.INFERENCE_READY,
          WorkspaceConditions.JOB_STARTED,
          WorkspaceConditions.WORKSPACE_SUCCEEDED);

  private final EventRecorder recorder;

  public WorkspaceEvents(EventRecorder recorder) {
    this.recorder = recorder;
  }

  public void onChange(Workspace ws, WorkspaceStatus before, WorkspaceStatus after) {
    for (String type : REPORTED) {
      var old = Conditions.find(before == null ? null : before.conditions(), type);
      var now = Conditions.find(after == null ? null : after.conditions(), type);
      if (now.isEmpty() || (old.isPresent() && sameOutcome(old.get(), now.get()))) {
        continue;
      }
      Condition c = now.get();
      String message = type + " is " + c.getStatus() + ": " + c.getMessage();
      if (Conditions.TRUE.equals(c.getStatus()) || WAITING.contains(c.getReason())) {
        recorder.normal(ws, c.getReason(), message);
      } else {
        recorder.warning(ws, c.getReason(), message);
      }
    }
  }

  private static boolean sameOutcome(Condition a, Condition b) {
    return Objects.equals(a.getStatus(), b.getStatus())
        && Objects.equals(a.getReason(), b.getReason());
  }
}
