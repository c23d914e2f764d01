package sh.kaito.operator.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.sizing.WorkspaceSizer;
import sh.kaito.operator.validation.WorkspaceValidator;

/**
 * Builds the operator's long-lived collaborators once. The catalogs load at start-up, so bad
 * catalog data or a bad setting stops the operator with a message that names it.
 */
@ApplicationScoped
public class OperatorBeans {
  private static final Logger LOG = Logger.getLogger(OperatorBeans.class);

  @Produces
  @Singleton
  ModelCatalog modelCatalog() {
    return ModelCatalog.load();
  }

  @Produces
  @Singleton
  InstanceTypeCatalog instanceTypeCatalog() {
    return InstanceTypeCatalog.load();
  }

  @Produces
  @Singleton
  OperatorSettings operatorSettings(KaitoConfig config) {
    return OperatorSettings.from(config);
  }

  @Produces
  @Singleton
  WorkspaceValidator workspaceValidator(
      ModelCatalog models, InstanceTypeCatalog instanceTypes, OperatorSettings settings) {
    return new WorkspaceValidator(models, instanceTypes, settings.validation());
  }

  @Produces
  @Singleton
  WorkspaceSizer workspaceSizer(
      ModelCatalog models, InstanceTypeCatalog instanceTypes, OperatorSettings settings) {
    return new WorkspaceSizer(models, instanceTypes, settings.mode(), settings.vllm());
  }

  void onStart(
      @Observes StartupEvent event,
      ModelCatalog models,
      InstanceTypeCatalog instanceTypes,
      OperatorSettings settings) {
    LOG.infof(
        "catalogs loaded: %d model presets, %d GPU instance types; node provisioning %s, cloud %s",
        models.all().size(),
        instanceTypes.all().size(),
        settings.mode().name().toLowerCase(java.util.Locale.ROOT),
        settings.cloud());
  }
}
