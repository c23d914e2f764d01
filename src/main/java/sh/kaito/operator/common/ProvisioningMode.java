package sh.kaito.operator.common;

/** Where a Workspace's GPU nodes come from. */
public enum ProvisioningMode {
  /** The operator creates Machines, one per node, through a cloud provider (KAITO's NAP). */
  MACHINE,
  /** Existing nodes chosen by the Workspace's label selector (KAITO's BYO). */
  BYO
}
