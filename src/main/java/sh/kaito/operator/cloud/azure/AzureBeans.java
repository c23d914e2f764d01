package sh.kaito.operator.cloud.azure;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.vertx.VertxHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;

/**
 * Builds the {@code azure} cloud provider: workload-identity credentials, the SDK on Quarkus'
 * Vert.x, the agent pool client. Only built when {@code kaito.cloud-provider=azure} (the bean is
 * looked up lazily by {@code CloudProviders}), so no credential is looked for otherwise.
 */
@ApplicationScoped
public class AzureBeans {
  private static final Logger LOG = Logger.getLogger(AzureBeans.class);

  @Produces
  @Singleton
  @Typed(AzureCloudProvider.class)
  AzureCloudProvider azureCloudProvider(AzureConfig config, Vertx vertx) {
    ArmSettings settings = settings(config);
    HttpClient http = new VertxHttpClientBuilder().vertx(vertx).build();
    TokenCredential credential = credential(config, http);
    LOG.infof(
        "azure cloud provider: cluster %s in resource group %s, subscription %s, credential %s",
        settings.clusterName(),
        settings.resourceGroup(),
        settings.subscriptionId(),
        config.credential());
    return new AzureCloudProvider(
        ArmClients.agentPools(settings, credential, http),
        settings.pollInterval(),
        settings.failureRetryInterval());
  }

  /** The settings, or an exception that names the first missing required property. */
  static ArmSettings settings(AzureConfig config) {
    return new ArmSettings(
        required(config.subscriptionId(), "subscription-id", "ARM_SUBSCRIPTION_ID"),
        required(config.resourceGroup(), "resource-group", "ARM_RESOURCE_GROUP"),
        required(config.clusterName(), "cluster-name", "AZURE_CLUSTER_NAME"),
        config.tenantId().orElse(null),
        config.armEndpoint().orElse(null),
        config.requestRetries(),
        config.requestRetryDelay(),
        config.requestRetryMaxDelay(),
        config.pollInterval(),
        config.failureRetryInterval());
  }

  static TokenCredential credential(AzureConfig config) {
    return credential(config, null);
  }

  /**
   * The credential; with {@code http}, token requests go through that client too, so that the SDK
   * never looks up (and starts) a default HTTP client of its own: one Vert.x in the process, and no
   * service-loader lookup in the native executable.
   */
  static TokenCredential credential(AzureConfig config, HttpClient http) {
    switch (config.credential()) {
      case "workload-identity" -> {
        WorkloadIdentityCredentialBuilder builder = new WorkloadIdentityCredentialBuilder();
        if (http != null) {
          builder.httpClient(http);
        }
        config.tenantId().ifPresent(builder::tenantId);
        config.clientId().ifPresent(builder::clientId);
        try {
          return builder.build();
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(
              "kaito.azure.credential=workload-identity needs AZURE_CLIENT_ID, AZURE_TENANT_ID and"
                  + " AZURE_FEDERATED_TOKEN_FILE (injected by the Azure workload identity webhook"
                  + " for a pod labelled azure.workload.identity/use=true), or"
                  + " kaito.azure.client-id and kaito.azure.tenant-id: "
                  + e.getMessage(),
              e);
        }
      }
      case "default" -> {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
        if (http != null) {
          builder.httpClient(http);
        }
        config.tenantId().ifPresent(builder::tenantId);
        config.clientId().ifPresent(builder::workloadIdentityClientId);
        config.clientId().ifPresent(builder::managedIdentityClientId);
        return builder.build();
      }
      default ->
          throw new IllegalStateException(
              "kaito.azure.credential must be workload-identity or default, not "
                  + config.credential());
    }
  }

  private static String required(Optional<String> value, String property, String env) {
    return value
        .filter(v -> !v.isBlank())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "kaito.azure."
                        + property
                        + " is required when kaito.cloud-provider=azure (set it, or the environment"
                        + " variable KAITO_AZURE_"
                        + property.toUpperCase(Locale.ROOT).replace('-', '_')
                        + " or "
                        + env
                        + ")"));
  }
}
