package sh.kaito.operator.workspace;

import java.util.List;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.events.EventRecorder;
import sh.kaito.operator.workspace.nodes.MachineNodeProvisioner;

/** A Workspace's Machines: read from the informer cache, created and deleted through the API. */
final class KubernetesMachines implements MachineNodeProvisioner.Machines {
  private final KubernetesClient client;
  private final Context<Workspace> context;
  private final EventRecorder events;
  private final Workspace ws;

  KubernetesMachines(
      KubernetesClient client, Context<Workspace> context, EventRecorder events, Workspace ws) {
    this.client = client;
    this.context = context;
    this.events = events;
    this.ws = ws;
  }

  @Override
  public List<Machine> ownedBy(Workspace workspace) {
    return context.getSecondaryResources(Machine.class).stream().toList();
  }

  @Override
  public void create(Machine machine) {
    try {
      client.resource(machine).create();
      events.normal(
          ws,
          "MachineCreated",
          "Machine "
              + machine.getMetadata().getName()
              + " ("
              + machine.getSpec().instanceType()
              + ") created");
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 409) {
        events.warning(
            ws,
            "MachineCreationFailed",
            "Machine " + machine.getMetadata().getName() + ": " + e.getMessage());
        throw e;
      }
    }
  }

  @Override
  public void delete(Machine machine) {
    client.resource(machine).delete();
  }
}
