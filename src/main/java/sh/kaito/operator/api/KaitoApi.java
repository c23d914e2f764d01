package sh.kaito.operator.api;

/** API group, label keys and annotation keys of KAITO that users and other controllers rely on. */
public final class KaitoApi {
  public static final String GROUP = "kaito.sh";

  /** Selects the inference runtime: {@code vllm} (default) or {@code transformers}. */
  public static final String ANNOTATION_RUNTIME = "kaito.sh/runtime";

  /** Presence of this key skips the GPU memory admission check. */
  public static final String ANNOTATION_BYPASS_RESOURCE_CHECKS = "kaito.sh/bypass-resource-checks";

  /** Value {@code "True"} exposes the inference Service as a LoadBalancer. */
  public static final String ANNOTATION_ENABLE_LB = "kaito.sh/enablelb";

  public static final String ANNOTATION_NODE_IMAGE_FAMILY = "kaito.sh/node-image-family";
  public static final String ANNOTATION_PERFORMANCE_MODE = "kaito.sh/performance-mode";
  public static final String ANNOTATION_USE_LOCAL_WEIGHTS = "kaito.sh/use-local-weights";
  public static final String ANNOTATION_DISABLE_BENCHMARK = "kaito.sh/disable-benchmark";

  /** Spec hash and revision number the Workspace controller writes on the Workspace. */
  public static final String ANNOTATION_WORKSPACE_HASH = "workspace.kaito.io/hash";

  public static final String ANNOTATION_WORKSPACE_REVISION = "workspace.kaito.io/revision";

  /** Label on ControllerRevisions naming their Workspace. */
  public static final String LABEL_REVISION_WORKSPACE_NAME = "workspace.kaito.io/name";

  /** Labels tying pods, Machines and Nodes to their Workspace. */
  public static final String LABEL_WORKSPACE = "kaito.sh/workspace";

  public static final String LABEL_WORKSPACE_NAMESPACE = "kaito.sh/workspacenamespace";

  /**
   * The Workspace finalizer. KAITO's is {@code workspace.finalizer.kaito.sh}; the Java Operator SDK
   * requires a domain-qualified name, so this one has a slash. Workspaces that still carry KAITO's
   * finalizer (taken over from an upstream install) have it removed at cleanup.
   */
  public static final String WORKSPACE_FINALIZER = "workspace.kaito.sh/finalizer";

  /** KAITO's own Workspace finalizer, removed at cleanup when present. */
  public static final String LEGACY_WORKSPACE_FINALIZER = "workspace.finalizer.kaito.sh";

  private KaitoApi() {}
}
