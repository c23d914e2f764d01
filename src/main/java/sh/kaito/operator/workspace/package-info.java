/**
 * The Workspace controller: {@link sh.kaito.operator.workspace.WorkspaceReconciler} orchestrates;
 * revisions, node provisioning, workloads, status, events and metrics are delegated to the classes
 * of this package and its subpackages.
 */
package sh.kaito.operator.workspace;
