package sh.kaito.operator.workspace.status;

/**
 * Why a workload's pods are not ready, in KAITO's terms.
 *
 * @param reason the InferenceReady reason, e.g. {@code ImagePullError}
 * @param message the pod's own explanation, at most 256 characters
 */
public record PodFailure(String reason, String message) {}
