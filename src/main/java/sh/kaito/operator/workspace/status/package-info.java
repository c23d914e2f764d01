/**
 * Pure computation of a Workspace's status from what the controller observed (nodes, workload,
 * pods): conditions with KAITO's types, reasons and messages, the state, the worker nodes.
 */
package sh.kaito.operator.workspace.status;
