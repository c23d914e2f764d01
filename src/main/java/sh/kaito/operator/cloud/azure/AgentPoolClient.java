package sh.kaito.operator.cloud.azure;

import java.util.List;
import java.util.Optional;

/**
 * The narrow port to the AKS agent pool API (gpu-provisioner's {@code AgentPoolsAPI}). No method
 * waits for a long-running operation: {@code begin*} send the first request and return, and {@link
 * #pollOperation} makes at most one status request. Failures are thrown as runtime exceptions that
 * {@link ArmErrors#classify(Throwable)} understands.
 */
public interface AgentPoolClient {
  /** The pool, or empty when ARM answers 404. */
  Optional<AgentPoolState> get(String name);

  /** Sends the PUT of the pool and returns at once; the operation is then followed by polls. */
  void beginCreate(String name, AgentPoolSpec spec);

  /** Sends the DELETE of the pool and returns at once (nothing happens when it is absent). */
  void beginDelete(String name);

  /**
   * Polls, once, the operation of this kind that this process started on the pool; empty when there
   * is none (never started, already reported as finished, started by an earlier process, or an
   * operation of the other kind, which is not polled). A finished operation is reported once and
   * then forgotten.
   */
  Optional<AgentPoolOperation> pollOperation(String name, AgentPoolOperation.Kind kind);

  /** Drops the in-flight operation of the pool, if any, without a request. */
  void forgetOperation(String name);

  /** Every pool of the cluster, all pages. */
  List<AgentPoolState> list();
}
