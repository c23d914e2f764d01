/**
 * Where a Workspace's GPU nodes come from: the {@link
 * sh.kaito.operator.workspace.nodes.NodeProvisioner} port and its two implementations, existing
 * (BYO) nodes and Machines the operator creates.
 */
package sh.kaito.operator.workspace.nodes;
