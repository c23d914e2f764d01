package sh.kaito.operator.workspace.status;

import java.util.Optional;

/**
 * What the controller saw of the workload.
 *
 * @param exists the StatefulSet (inference) or Job (tuning) exists
 * @param replicas inference replicas wanted
 * @param readyReplicas inference replicas ready
 * @param podFailure why the pods are not ready, when a cause is known
 * @param jobActive tuning pods running
 * @param jobReady tuning pods ready
 * @param jobFailed the tuning Job failed (backoff limit reached)
 * @param jobSucceeded the tuning Job completed
 */
public record WorkloadObservation(
    boolean exists,
    int replicas,
    int readyReplicas,
    Optional<PodFailure> podFailure,
    int jobActive,
    int jobReady,
    boolean jobFailed,
    boolean jobSucceeded) {

  public static WorkloadObservation none() {
    return new WorkloadObservation(false, 0, 0, Optional.empty(), 0, 0, false, false);
  }

  public static WorkloadObservation inference(
      int replicas, int readyReplicas, Optional<PodFailure> podFailure) {
    return new WorkloadObservation(true, replicas, readyReplicas, podFailure, 0, 0, false, false);
  }

  public static WorkloadObservation job(int active, int ready, boolean failed, boolean succeeded) {
    return new WorkloadObservation(true, 0, 0, Optional.empty(), active, ready, failed, succeeded);
  }

  public boolean jobStarted() {
    return jobSucceeded || jobReady > 0 || jobActive > 0;
  }
}
