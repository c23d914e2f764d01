package sh.kaito.operator.api;

/**
 * Schema stand-in for embedded Kubernetes types (pod templates, volume sources) that the CRD keeps
 * schemaless, as KAITO does: the field is an object that keeps unknown fields, and the API server
 * does not prune or validate what is inside it.
 */
public final class Schemaless {
  private Schemaless() {}
}
