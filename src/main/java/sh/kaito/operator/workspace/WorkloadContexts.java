package sh.kaito.operator.workspace;

import jakarta.enterprise.context.ApplicationScoped;

import sh.kaito.operator.api.v1beta1.Workspace;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.config.OperatorSettings;
import sh.kaito.operator.manifests.RuntimeImages;
import sh.kaito.operator.manifests.WorkloadContext;
import sh.kaito.operator.manifests.WorkloadContextFactory;
import sh.kaito.operator.sizing.Sizing;

/** The controller's {@link WorkloadContextFactory}, reading the cluster through its caches. */
@ApplicationScoped
public class WorkloadContexts {
  private final WorkloadContextFactory factory;

  public WorkloadContexts(
      ModelCatalog models, InstanceTypeCatalog instanceTypes, OperatorSettings settings) {
    this.factory =
        new WorkloadContextFactory(
            models,
            instanceTypes,
            settings.mode(),
            settings.vllm(),
            RuntimeImages.defaults(settings.presetRegistry(), settings.baseImageTag()));
  }

  WorkloadContext of(Workspace ws, Sizing sizing, String revision, ClusterView cluster) {
    return factory.of(ws, sizing, revision, cluster, cluster::storageClassExists);
  }
}
