package sh.kaito.operator.cloud;

import java.util.List;

import sh.kaito.operator.api.machine.Machine;

/** A cloud that provisions one GPU node per Machine. */
public interface CloudProvider {
  /** Name recorded in {@code status.cloudResource.provider}: {@code azure} or {@code simulated}. */
  String name();

  /**
   * Creates the Machine's cloud resource, or reports the progress of its creation. Idempotent: the
   * resource is named after the Machine, so calling it again (also after an operator restart) never
   * creates a second one. Never waits for a long-running operation to finish.
   */
  CloudResult ensure(Machine machine);

  /**
   * Starts or follows the deletion of the Machine's cloud resource. Idempotent; returns {@link
   * CloudResult.State#GONE} once nothing is left. Never waits for the deletion to finish.
   */
  CloudResult delete(Machine machine);

  /** The cloud resources this operator created (labelled for a Workspace), for the orphan sweep. */
  List<CloudResource> list();

  /** Deletes a resource by name (an orphan); idempotent, never waits. */
  CloudResult delete(String resourceName);
}
