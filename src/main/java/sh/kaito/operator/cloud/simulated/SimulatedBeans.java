package sh.kaito.operator.cloud.simulated;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.KubernetesClient;

import sh.kaito.operator.catalog.InstanceTypeCatalog;

/**
 * Builds the {@code simulated} cloud provider; only when {@code kaito.cloud-provider=simulated}.
 */
@ApplicationScoped
public class SimulatedBeans {
  @Produces
  @Singleton
  @Typed(SimulatedCloudProvider.class)
  SimulatedCloudProvider simulatedCloudProvider(
      KubernetesClient client,
      InstanceTypeCatalog instanceTypes,
      Clock clock,
      SimulatedConfig config) {
    return new SimulatedCloudProvider(client, instanceTypes, clock, config.nodeDelay());
  }
}
