package sh.kaito.operator.cloud.azure;

import java.util.HashMap;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;

/**
 * Builds the ARM client: the SDK's production pipeline (bearer-token authentication, provider
 * registration, user agent) with our retry strategy and the given HTTP client.
 */
public final class ArmClients {
  private ArmClients() {}

  /** The container service manager for these settings. */
  public static ContainerServiceManager manager(
      ArmSettings settings, TokenCredential credential, HttpClient httpClient) {
    return ContainerServiceManager.configure()
        .withHttpClient(httpClient)
        .withRetryPolicy(
            new RetryPolicy(
                new ArmRetryStrategy(
                    settings.requestRetries(), settings.retryDelay(), settings.maxRetryDelay())))
        .authenticate(credential, profile(settings));
  }

  /** The agent pool client of the configured cluster. */
  public static ArmAgentPoolClient agentPools(
      ArmSettings settings, TokenCredential credential, HttpClient httpClient) {
    return new ArmAgentPoolClient(
        manager(settings, credential, httpClient).serviceClient().getAgentPools(),
        settings.resourceGroup(),
        settings.clusterName());
  }

  static AzureProfile profile(ArmSettings settings) {
    AzureEnvironment environment = AzureEnvironment.AZURE;
    if (settings.armEndpoint() != null) {
      Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
      endpoints.put("resourceManagerEndpointUrl", settings.armEndpoint().toString());
      environment = new AzureEnvironment(endpoints);
    }
    return new AzureProfile(settings.tenantId(), settings.subscriptionId(), environment);
  }
}
