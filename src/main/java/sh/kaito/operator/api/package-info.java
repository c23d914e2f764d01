/**
 * The custom resource types the operator serves: {@code workspaces.kaito.sh} in versions v1alpha1
 * and v1beta1 (storage), and {@code machines.kaito.sh} v1alpha1. These classes are the CRD schema:
 * every field carries a description that {@code kubectl explain} shows.
 */
package sh.kaito.operator.api;
