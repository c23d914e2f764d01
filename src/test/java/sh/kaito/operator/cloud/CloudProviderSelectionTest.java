package sh.kaito.operator.cloud;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import sh.kaito.operator.common.ProvisioningMode;

import static org.assertj.core.api.Assertions.assertThat;

/** Which provider runs when kaito.cloud-provider is set, blank or absent. */
class CloudProviderSelectionTest {
  @Test
  void unsetMeansAzureWhenProvisioningAndNoneWithExistingNodes() {
    assertThat(CloudProviders.selected(Optional.empty(), ProvisioningMode.MACHINE))
        .isEqualTo("azure");
    assertThat(CloudProviders.selected(Optional.empty(), ProvisioningMode.BYO)).isEqualTo("none");
    assertThat(CloudProviders.selected(Optional.of("  "), ProvisioningMode.BYO)).isEqualTo("none");
  }

  @Test
  void aConfiguredProviderWinsInEitherMode() {
    assertThat(CloudProviders.selected(Optional.of(" Simulated "), ProvisioningMode.MACHINE))
        .isEqualTo("simulated");
    assertThat(CloudProviders.selected(Optional.of("azure"), ProvisioningMode.BYO))
        .isEqualTo("azure");
    assertThat(CloudProviders.selected(Optional.of("gcp"), ProvisioningMode.MACHINE))
        .isEqualTo("gcp");
  }
}
