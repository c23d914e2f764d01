/**
 * Applies the desired workload (inference Services and StatefulSet, or the tuning ConfigMap and
 * Job) to the cluster with KAITO's update rules, and observes it for the status.
 */
package sh.kaito.operator.workspace.workload;
