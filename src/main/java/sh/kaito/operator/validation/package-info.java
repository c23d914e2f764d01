/**
 * The Workspace admission rules, with KAITO's messages. The same validator runs in the validating
 * webhook (cluster state read through the API) and offline in {@code plan} (cluster state from
 * files). It does not use the Kubernetes client: cluster state comes through {@link
 * sh.kaito.operator.validation.ClusterLookup}.
 */
package sh.kaito.operator.validation;
