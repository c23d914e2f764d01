package sh.kaito.operator.cloud;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

import sh.kaito.operator.cloud.azure.AzureCloudProvider;
import sh.kaito.operator.cloud.simulated.SimulatedCloudProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test profile selects the simulated provider: the operator starts without any Azure setting,
 * which proves that the Azure provider is not built; building it asks for the missing setting by
 * name.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class CloudProvidersTest {
  @Inject CloudProvider provider;

  @Inject Instance<AzureCloudProvider> azure;

  @Test
  void simulatedIsSelectedInTests() {
    assertThat(provider).isInstanceOf(SimulatedCloudProvider.class);
    assertThat(provider.name()).isEqualTo("simulated");
  }

  @Test
  void azureProviderNamesTheMissingSetting() {
    assertThatThrownBy(() -> azure.get().name())
        .hasStackTraceContaining(
            "kaito.azure.subscription-id is required when kaito.cloud-provider=azure");
  }
}
