/**
 * High availability: the Lease-based leader election that QOSDK/JOSDK runs ({@link
 * sh.kaito.operator.leader.LeaderElectionSetup}) and the {@link
 * sh.kaito.operator.leader.LeaderOnly} guard for the operator's own periodic tasks (the orphan
 * sweep, the webhook certificate rotation), which JOSDK does not know about.
 */
package sh.kaito.operator.leader;
