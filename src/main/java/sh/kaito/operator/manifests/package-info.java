/**
 * Pure builders of the objects the operator creates: given a Workspace, the catalogs and the
 * settings, they return the desired objects, always the same for the same input. No API calls, no
 * clock, no randomness; {@code plan} prints exactly what they return.
 */
package sh.kaito.operator.manifests;
