/**
 * Schema-only stand-ins for the Kubernetes types embedded in our CRDs (label selectors, conditions,
 * taints). They carry the field descriptions that {@code kubectl explain} shows; the Java fields
 * keep fabric8's types. Used through {@code @SchemaSwap} and {@code @SchemaFrom}.
 */
package sh.kaito.operator.api.schema;
