package sh.kaito.operator.api.v1beta1;

/**
 * Condition types and reasons of a Workspace, with KAITO's names (users and tools match on them).
 */
public final class WorkspaceConditions {
  public static final String RESOURCE_READY = "ResourceReady";
  public static final String INFERENCE_READY = "InferenceReady";
  public static final String JOB_STARTED = "JobStarted";
  public static final String WORKSPACE_SUCCEEDED = "WorkspaceSucceeded";
  public static final String WORKSPACE_DELETING = "WorkspaceDeleting";
  public static final String NODES_READY = "NodesReady";

  public static final String REASON_RESOURCE_SUCCESS = "workspaceResourceStatusSuccess";
  public static final String REASON_RESOURCE_NOT_READY = "workspaceResourceStatusNotReady";
  public static final String REASON_INFERENCE_SUCCESS = "WorkspaceInferenceStatusSuccess";
  public static final String REASON_INFERENCE_PENDING = "WorkspaceInferenceStatusPending";
  public static final String REASON_TUNING_STARTED = "WorkspaceTuningJobStatusStarted";
  public static final String REASON_TUNING_PENDING = "WorkspaceTuningJobStatusPending";
  public static final String REASON_TUNING_FAILED = "WorkspaceTuningJobStatusFailed";
  public static final String REASON_SUCCEEDED = "workspaceSucceeded";
  public static final String REASON_PENDING = "workspacePending";
  public static final String REASON_FAILED = "workspaceFailed";
  public static final String REASON_DELETED = "workspaceDeleted";

  private WorkspaceConditions() {}
}
