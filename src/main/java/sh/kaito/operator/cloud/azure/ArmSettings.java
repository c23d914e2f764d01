package sh.kaito.operator.cloud.azure;

import java.net.URI;
import java.time.Duration;

/**
 * Where the agent pools live and how ARM is called, as plain values ({@link AzureConfig} in the
 * operator, literals in tests).
 *
 * @param subscriptionId the cluster's subscription
 * @param resourceGroup the cluster's resource group (not the {@code MC_} node resource group)
 * @param clusterName the managed cluster's name
 * @param tenantId the Entra tenant; null to take {@code AZURE_TENANT_ID}
 * @param armEndpoint Resource Manager endpoint; null for the public cloud
 * @param requestRetries how often one HTTP request is retried (429, 5xx, network)
 * @param retryDelay first delay between retries, doubled each time
 * @param maxRetryDelay longest delay between retries; a server asking for a longer {@code
 *     Retry-After} gets no retry and the caller reports the failure with that delay instead of
 *     sleeping on the reconcile thread
 * @param pollInterval how long until the Machine is looked at again while an operation runs
 * @param failureRetryInterval how long until a retryable failure is tried again
 */
public record ArmSettings(
    String subscriptionId,
    String resourceGroup,
    String clusterName,
    String tenantId,
    URI armEndpoint,
    int requestRetries,
    Duration retryDelay,
    Duration maxRetryDelay,
    Duration pollInterval,
    Duration failureRetryInterval) {}
