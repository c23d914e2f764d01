package sh.kaito.operator.cloud;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;

import sh.kaito.operator.cloud.azure.AzureCloudProvider;
import sh.kaito.operator.cloud.simulated.SimulatedCloudProvider;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.config.OperatorSettings;

/**
 * The {@link CloudProvider} bean: the one {@code kaito.cloud-provider} names, {@code azure}, {@code
 * simulated} or {@code none} (by default azure in machine mode, none in byo mode). The other one is
 * never built (its beans are looked up lazily), so the simulated provider needs no Azure
 * credentials. It is built at start-up, so a missing setting stops the operator with a message that
 * names it. Tests may replace it with a bean of their own.
 */
@ApplicationScoped
public class CloudProviders {
  public static final String PROPERTY = "kaito.cloud-provider";

  private static final Logger LOG = Logger.getLogger(CloudProviders.class);

  @Produces
  @Singleton
  @DefaultBean
  CloudProvider cloudProvider(
      CloudProviderConfig config,
      OperatorSettings settings,
      Instance<AzureCloudProvider> azure,
      Instance<SimulatedCloudProvider> simulated) {
    String selected = selected(config.cloudProvider(), settings.mode());
    return switch (selected) {
      case AzureCloudProvider.NAME -> azure.get();
      case SimulatedCloudProvider.NAME -> simulated.get();
      case NoCloudProvider.NAME -> new NoCloudProvider();
      default ->
          throw new IllegalStateException(
              PROPERTY
                  + " must be "
                  + AzureCloudProvider.NAME
                  + ", "
                  + SimulatedCloudProvider.NAME
                  + " or "
                  + NoCloudProvider.NAME
                  + ", not \""
                  + selected
                  + "\"");
    };
  }

  /**
   * The provider's name: the configured one, else {@code azure} when the operator provisions nodes
   * and {@code none} when Workspaces run on existing nodes (which then need no cloud settings).
   */
  static String selected(Optional<String> configured, ProvisioningMode mode) {
    return configured
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(s -> s.toLowerCase(Locale.ROOT))
        .orElse(mode == ProvisioningMode.BYO ? NoCloudProvider.NAME : AzureCloudProvider.NAME);
  }

  void onStart(@Observes StartupEvent event, CloudProvider provider) {
    LOG.infof("cloud provider: %s", provider.name());
  }
}
