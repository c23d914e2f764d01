/**
 * {@code plan}: validates Workspace files offline and prints the objects the operator would create
 * for them, like {@code helm template}. Runs without a cluster and without starting Quarkus.
 */
package sh.kaito.operator.plan;
