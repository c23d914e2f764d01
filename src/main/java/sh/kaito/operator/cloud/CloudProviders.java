package sh.kaito.operator.cloud;

import java.util.Locale;

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

/**
 * The {@link CloudProvider} bean: the one {@code kaito.cloud-provider} names, {@code azure}
 * (default) or {@code simulated}. The other one is never built (its beans are looked up lazily), so
 * the simulated provider needs no Azure credentials. It is built at start-up, so a missing setting
 * stops the operator with a message that names it. Tests may replace it with a bean of their own.
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
      Instance<AzureCloudProvider> azure,
      Instance<SimulatedCloudProvider> simulated) {
    String selected = config.cloudProvider();
    return switch (selected.trim().toLowerCase(Locale.ROOT)) {
      case AzureCloudProvider.NAME -> azure.get();
      case SimulatedCloudProvider.NAME -> simulated.get();
      default ->
          throw new IllegalStateException(
              PROPERTY
                  + " must be "
                  + AzureCloudProvider.NAME
                  + " or "
                  + SimulatedCloudProvider.NAME
                  + ", not \""
                  + selected
                  + "\"");
    };
  }

  void onStart(@Observes StartupEvent event, CloudProvider provider) {
    LOG.infof("cloud provider: %s", provider.name());
  }
}
