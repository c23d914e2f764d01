package sh.kaito.operator.cloud;

import java.util.List;
import java.util.Map;

import sh.kaito.operator.api.machine.Machine;

/**
 * The provider of an operator that provisions no nodes ({@code kaito.cloud-provider=none}, the
 * default with existing nodes, {@code kaito.node-provisioning.mode=byo}). It needs no cloud
 * settings. A Machine, which only machine mode creates, fails for good with a message that says
 * what to set. Machines another provider made are never handed to it: the Machine controller leaves
 * them alone (see {@code MachineReconciler}), so their resources are not dropped unseen.
 */
public final class NoCloudProvider implements CloudProvider {
  public static final String NAME = "none";
  public static final String ERROR_CODE = "NoCloudProvider";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CloudResult ensure(Machine machine) {
    return failure(
        CloudResult.State.FAILED_TERMINAL,
        null,
        "the operator runs with kaito.cloud-provider=none and provisions no nodes; set"
            + " kaito.cloud-provider to azure (or simulated) to provision Machine "
            + machine.getMetadata().getName());
  }

  /** Nothing was made by this provider, so nothing is left to delete. */
  @Override
  public CloudResult delete(Machine machine) {
    return new CloudResult(
        CloudResult.State.GONE, null, null, Map.of(), null, "nothing to delete", null);
  }

  @Override
  public List<CloudResource> list() {
    return List.of();
  }

  @Override
  public CloudResult delete(String resourceName) {
    return failure(
        CloudResult.State.FAILED_RETRYABLE,
        resourceName,
        "kaito.cloud-provider=none cannot delete " + resourceName);
  }

  private static CloudResult failure(CloudResult.State state, String resource, String message) {
    return new CloudResult(state, resource, null, Map.of(), ERROR_CODE, message, null);
  }
}
