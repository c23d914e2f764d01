package sh.kaito.operator.workspace.status;

import java.util.List;

/**
 * Whether a Workspace's GPU nodes are ready, as the node provisioner sees them.
 *
 * @param ready enough nodes are ready for the workload
 * @param workerNodes the nodes that run (or will run) the workload, sorted
 * @param reason ResourceReady reason: {@code workspaceResourceStatusSuccess}, {@code
 *     workspaceResourceStatusNotReady}, or a provisioning failure such as a cloud error code
 * @param message what is missing, or the cloud's message
 * @param terminal the nodes will not come without a change (e.g. quota exceeded)
 */
public record NodeReadiness(
    boolean ready, List<String> workerNodes, String reason, String message, boolean terminal) {

  public static final String REASON_READY = "workspaceResourceStatusSuccess";
  public static final String REASON_NOT_READY = "workspaceResourceStatusNotReady";

  public static NodeReadiness ready(List<String> nodes) {
    return new NodeReadiness(
        true, List.copyOf(nodes), REASON_READY, "workspace resource is ready", false);
  }

  public static NodeReadiness notReady(List<String> nodes, String message) {
    return new NodeReadiness(false, List.copyOf(nodes), REASON_NOT_READY, message, false);
  }

  public static NodeReadiness failed(List<String> nodes, String reason, String message) {
    return new NodeReadiness(false, List.copyOf(nodes), reason, message, true);
  }
}
