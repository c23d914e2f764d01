package sh.kaito.operator.workspace.azure;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The operator with the azure cloud provider, talking to the fake ARM server. */
public class AzureProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "kaito.cloud-provider", "azure",
        "kaito.azure.subscription-id", "sub",
        "kaito.azure.resource-group", "rg",
        "kaito.azure.cluster-name", "cluster",
        "kaito.machine.poll-interval", "200ms");
  }

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(FakeArmAzure.class);
  }
}
