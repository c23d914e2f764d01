package sh.kaito.operator.machine;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import sh.kaito.operator.api.machine.Machine;
import sh.kaito.operator.api.machine.MachineConditions;
import sh.kaito.operator.api.machine.MachineStatus;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.cloud.CloudProvider;
import sh.kaito.operator.cloud.NoCloudProvider;
import sh.kaito.operator.cloud.azure.ArmTestSupport;
import sh.kaito.operator.cloud.azure.AzureCloudProvider;
import sh.kaito.operator.cloud.azure.FakeArmServer;
import sh.kaito.operator.common.Conditions;
import sh.kaito.operator.events.EventRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator reconfigured to another cloud provider leaves the Machines of the old one alone: it
 * neither overwrites what their status records nor deletes them without their resource, so no agent
 * pool is forgotten. The {@code none} provider refuses to provision and has nothing to delete.
 */
@EnableKubernetesMockClient(crud = true)
class MachineProviderSwitchTest {
  static KubernetesClient kube;

  private Vertx vertx;
  private FakeArmServer fake;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fake = FakeArmServer.start().pollsToComplete(100);
  }

  @AfterEach
  void stop() {
    fake.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    kube.v1().events().inAnyNamespace().delete();
  }

  @Test
  void machinesOfAnotherProviderAreNeitherRewrittenNorDropped() {
    Machine machine = ArmTestSupport.machine("wsswitch01");
    String pool = machine.getMetadata().getName();
    machine.setStatus(reconcile(reconciler(azure()), machine));
    assertThat(machine.getStatus().cloudResource().provider()).isEqualTo("azure");
    assertThat(fake.pool(pool)).isPresent();

    MachineReconciler none = reconciler(new NoCloudProvider());
    MachineStatus afterSwitch = reconcile(none, machine);
    Condition launched = launched(afterSwitch);
    assertThat(launched.getStatus()).isEqualTo("False");
    assertThat(launched.getReason()).isEqualTo("ProviderMismatch");
    assertThat(launched.getMessage())
        .contains("cloud provider azure", "kaito.cloud-provider=none", pool);
    assertThat(afterSwitch.cloudResource().provider()).isEqualTo("azure");
    assertThat(afterSwitch.cloudResource().name()).isEqualTo(pool);

    machine.setStatus(afterSwitch);
    DeleteControl delete = none.cleanup(machine, null);
    assertThat(delete.isRemoveFinalizer()).as("finalizer removed").isFalse();
    assertThat(fake.requests("DELETE", pool)).isEmpty();
    assertThat(fake.pool(pool)).isPresent();

    // Back on the provider that made it: the Machine is managed again.
    MachineStatus back = reconcile(reconciler(azure()), machine);
    assertThat(launched(back).getReason()).isIn("Launching", "Launched");
    assertThat(fake.requests("PUT", pool)).hasSize(1);
  }

  @Test
  void noneRefusesToProvisionAndHasNothingToDelete() {
    Machine machine = ArmTestSupport.machine("wsnone01");
    MachineReconciler none = reconciler(new NoCloudProvider());

    MachineStatus status = reconcile(none, machine);
    Condition launched = launched(status);
    assertThat(launched.getStatus()).isEqualTo("False");
    assertThat(launched.getReason()).isEqualTo(NoCloudProvider.ERROR_CODE);
    assertThat(launched.getMessage()).contains("set kaito.cloud-provider to azure");
    assertThat(status.cloudResource().provider()).isEqualTo("none");

    machine.setStatus(status);
    assertThat(none.cleanup(machine, null).isRemoveFinalizer()).isTrue();
    // A later switch to a real provider takes the Machine over: "none" made nothing.
    MachineStatus adopted = reconcile(reconciler(azure()), machine);
    assertThat(launched(adopted).getReason()).isEqualTo("Launching");
  }

  private AzureCloudProvider azure() {
    return new AzureCloudProvider(
        ArmTestSupport.client(vertx, fake), Duration.ofMillis(10), Duration.ofSeconds(1));
  }

  private static MachineReconciler reconciler(CloudProvider provider) {
    MachineReconciler reconciler =
        new MachineReconciler(
            provider,
            kube,
            InstanceTypeCatalog.load(),
            new MachineMetrics(new SimpleMeterRegistry()),
            new EventRecorder(kube, Clock.systemUTC()),
            Clock.systemUTC(),
            Duration.ofMillis(10));
    reconciler.readNodesFrom(() -> kube.nodes().list().getItems());
    return reconciler;
  }

  private static MachineStatus reconcile(MachineReconciler reconciler, Machine machine) {
    var control = reconciler.reconcile(machine, null);
    return control.getResource().map(Machine::getStatus).orElse(machine.getStatus());
  }

  private static Condition launched(MachineStatus status) {
    Optional<Condition> c = Conditions.find(status.conditions(), MachineConditions.LAUNCHED);
    assertThat(c).isPresent();
    return c.get();
  }
}
