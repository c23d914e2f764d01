package sh.kaito.operator.workspace;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

import sh.kaito.operator.testsupport.RealApiServer;

/**
 * BYO mode on a real API server, with Server-Side Apply on as in production (the mock server's
 * tests turn it off); the mock server of the other test classes is not started.
 */
public class ByoOnApiServerProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("kaito.node-provisioning.mode", "byo", "quarkus.operator-sdk.enable-ssa", "true");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(RealApiServer.class));
  }

  @Override
  public boolean disableGlobalTestResources() {
    return true;
  }
}
