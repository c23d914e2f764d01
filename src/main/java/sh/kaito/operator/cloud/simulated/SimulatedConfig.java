package sh.kaito.operator.cloud.simulated;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the {@code simulated} cloud provider ({@code kaito.simulated.*}). */
@ConfigMapping(prefix = "kaito.simulated")
public interface SimulatedConfig {
  /** How long after a Machine's creation its Node appears, like a cloud VM that boots. */
  @WithDefault("5s")
  Duration nodeDelay();
}
