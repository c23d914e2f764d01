package sh.kaito.operator.cloud.azure;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the {@code azure} cloud provider ({@code kaito.azure.*}, or environment variables
 * such as {@code KAITO_AZURE_SUBSCRIPTION_ID}). Everything is optional here so that the operator
 * starts with {@code kaito.cloud-provider=simulated}; {@link AzureBeans} checks the required ones
 * when the Azure provider is built and names the missing property.
 */
@ConfigMapping(prefix = "kaito.azure")
public interface AzureConfig {
  /** The AKS cluster's subscription (required). */
  Optional<String> subscriptionId();

  /** The AKS cluster's resource group, not the {@code MC_} node resource group (required). */
  Optional<String> resourceGroup();

  /** The AKS cluster's name (required). */
  Optional<String> clusterName();

  /** Entra tenant; defaults to {@code AZURE_TENANT_ID}, which workload identity injects. */
  Optional<String> tenantId();

  /** Client ID of the identity; defaults to {@code AZURE_CLIENT_ID}. */
  Optional<String> clientId();

  /**
   * {@code workload-identity} (default: {@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code
   * AZURE_FEDERATED_TOKEN_FILE} as the workload identity webhook injects them) or {@code default}
   * (the azure-identity default chain: environment, workload identity, managed identity, CLI).
   */
  @WithDefault("workload-identity")
  String credential();

  /** Resource Manager endpoint; the public cloud when absent (set by tests to a fake). */
  Optional<URI> armEndpoint();

  /** Retries of one HTTP request on 408, 429, 5xx and network errors. */
  @WithDefault("3")
  int requestRetries();

  /** First delay between two retries of a request, doubled each time. */
  @WithDefault("800ms")
  Duration requestRetryDelay();

  /**
   * Longest delay between two retries; a 429 asking to wait longer is not retried but reported, so
   * that no reconcile thread sleeps on it.
   */
  @WithDefault("8s")
  Duration requestRetryMaxDelay();

  /** How soon a Machine is looked at again while its agent pool is created or deleted. */
  @WithDefault("15s")
  Duration pollInterval();

  /** How soon a retryable failure (allocation, throttling, 5xx) is tried again. */
  @WithDefault("60s")
  Duration failureRetryInterval();
}
