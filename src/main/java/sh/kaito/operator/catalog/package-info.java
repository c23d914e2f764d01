/**
 * Model presets and GPU instance types as data: YAML files on the classpath, loaded once into
 * immutable records and validated entry by entry. Pure Java: no Kubernetes client, no Azure.
 */
package sh.kaito.operator.catalog;
