package sh.kaito.operator.cloud.azure;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzureBeansTest {
  record Config(
      Optional<String> subscriptionId,
      Optional<String> resourceGroup,
      Optional<String> clusterName,
      Optional<String> tenantId,
      Optional<String> clientId,
      String credential,
      Optional<URI> armEndpoint)
      implements AzureConfig {
    @Override
    public int requestRetries() {
      return 3;
    }

    @Override
    public Duration requestRetryDelay() {
      return Duration.ofMillis(800);
    }

    @Override
    public Duration requestRetryMaxDelay() {
      return Duration.ofSeconds(8);
    }

    @Override
    public Duration pollInterval() {
      return Duration.ofSeconds(15);
    }

    @Override
    public Duration failureRetryInterval() {
      return Duration.ofSeconds(60);
    }
  }

  private static Config config(String subscription, String group, String cluster) {
    return new Config(
        Optional.ofNullable(subscription),
        Optional.ofNullable(group),
        Optional.ofNullable(cluster),
        Optional.empty(),
        Optional.empty(),
        "workload-identity",
        Optional.empty());
  }

  @Test
  void settingsCarryTheCluster() {
    ArmSettings settings = AzureBeans.settings(config("sub", "rg", "aks"));
    assertThat(settings.subscriptionId()).isEqualTo("sub");
    assertThat(settings.resourceGroup()).isEqualTo("rg");
    assertThat(settings.clusterName()).isEqualTo("aks");
    assertThat(settings.armEndpoint()).isNull();
    assertThat(settings.requestRetries()).isEqualTo(3);
    assertThat(ArmClients.profile(settings).getEnvironment().getResourceManagerEndpoint())
        .isEqualTo("https://management.azure.com/");
  }

  @Test
  void armEndpointOverrideReplacesOnlyTheResourceManager() {
    Config c =
        new Config(
            Optional.of("sub"),
            Optional.of("rg"),
            Optional.of("aks"),
            Optional.of("tenant"),
            Optional.empty(),
            "default",
            Optional.of(URI.create("https://127.0.0.1:8443/")));
    ArmSettings settings = AzureBeans.settings(c);
    var environment = ArmClients.profile(settings).getEnvironment();
    assertThat(environment.getResourceManagerEndpoint()).isEqualTo("https://127.0.0.1:8443/");
    assertThat(environment.getManagementEndpoint())
        .isEqualTo("https://management.core.windows.net/");
    assertThat(ArmClients.profile(settings).getTenantId()).isEqualTo("tenant");
  }

  @Test
  void eachMissingSettingIsNamed() {
    assertThatThrownBy(() -> AzureBeans.settings(config(null, "rg", "aks")))
        .hasMessageStartingWith("kaito.azure.subscription-id is required")
        .hasMessageContaining("KAITO_AZURE_SUBSCRIPTION_ID or ARM_SUBSCRIPTION_ID");
    assertThatThrownBy(() -> AzureBeans.settings(config("sub", " ", "aks")))
        .hasMessageStartingWith("kaito.azure.resource-group is required");
    assertThatThrownBy(() -> AzureBeans.settings(config("sub", "rg", null)))
        .hasMessageStartingWith("kaito.azure.cluster-name is required")
        .hasMessageContaining("AZURE_CLUSTER_NAME");
  }

  @Test
  void unknownCredentialKindIsRefused() {
    Config c =
        new Config(
            Optional.of("sub"),
            Optional.of("rg"),
            Optional.of("aks"),
            Optional.empty(),
            Optional.empty(),
            "password",
            Optional.empty());
    assertThatThrownBy(() -> AzureBeans.credential(c))
        .hasMessage("kaito.azure.credential must be workload-identity or default, not password");
  }
}
