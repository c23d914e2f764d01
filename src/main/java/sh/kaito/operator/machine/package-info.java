/**
 * The Machine controller: one Machine is one GPU node. It creates the cloud resource through the
 * {@link sh.kaito.operator.cloud.CloudProvider} port, finds the Node that joins, and walks
 * Karpenter's lifecycle Launched, Registered, Initialized, Ready; on delete it removes the Node and
 * the cloud resource and keeps its finalizer until the cloud says the resource is gone.
 */
package sh.kaito.operator.machine;
