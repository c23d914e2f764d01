package sh.kaito.operator.workspace;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The operator with existing (BYO) GPU nodes instead of provisioned ones. */
public class ByoProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("kaito.node-provisioning.mode", "byo");
  }
}
