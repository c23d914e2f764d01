package sh.kaito.operator.cloud;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which cloud provider the Machine controller uses ({@code kaito.cloud-provider}, or the
 * environment variable {@code KAITO_CLOUD_PROVIDER}). A mapping of its own beside the operator's
 * {@code KaitoConfig}: both map properties under {@code kaito}.
 */
@ConfigMapping(prefix = "kaito")
public interface CloudProviderConfig {
  /** {@code azure} (default): AKS agent pools; {@code simulated}: Node objects only. */
  @WithDefault("azure")
  String cloudProvider();
}
