package sh.kaito.operator.validation;

import java.util.Map;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.InferenceRuntime;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.common.ClusterLookup;
import sh.kaito.operator.common.WorkspaceRuntimes;

/** What every rule of one validation run needs. */
final class ValidationContext {
  final Workspace ws;
  final boolean v1alpha1;
  final ClusterLookup cluster;
  final ValidationSettings settings;
  final ModelCatalog models;
  final InstanceTypeCatalog instanceTypes;
  final Errors errors = new Errors();

  ValidationContext(
      Workspace ws,
      boolean v1alpha1,
      ClusterLookup cluster,
      ValidationSettings settings,
      ModelCatalog models,
      InstanceTypeCatalog instanceTypes) {
    this.ws = ws;
    this.v1alpha1 = v1alpha1;
    this.cluster = cluster;
    this.settings = settings;
    this.models = models;
    this.instanceTypes = instanceTypes;
  }

  Map<String, String> annotations() {
    Map<String, String> a = ws.getMetadata() == null ? null : ws.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  String namespace() {
    String ns = ws.getMetadata() == null ? null : ws.getMetadata().getNamespace();
    return ns == null ? "default" : ns;
  }

  InferenceRuntime runtime() {
    return WorkspaceRuntimes.of(annotations(), settings.vllmEnabled());
  }

  boolean bypassResourceChecks() {
    return annotations().containsKey(KaitoApi.ANNOTATION_BYPASS_RESOURCE_CHECKS);
  }
}
