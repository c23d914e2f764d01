/**
 * The build step that turns Quarkus' generated manifests into the install artifacts under {@code
 * deploy/}: CRDs, the operator manifests split by prerequisite, and the OLM bundle. Runs at {@code
 * package} through exec-maven-plugin; not used by the running operator.
 */
package sh.kaito.operator.deploy;
