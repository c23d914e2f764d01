package sh.kaito.operator.cloud;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Which cloud provider the Machine controller uses ({@code kaito.cloud-provider}, or the
 * environment variable {@code KAITO_CLOUD_PROVIDER}). A mapping of its own beside the operator's
 * {@code KaitoConfig}: both map properties under {@code kaito}.
 */
@ConfigMapping(prefix = "kaito")
public interface CloudProviderConfig {
  /**
   * {@code azure}: AKS agent pools; {@code simulated}: Node objects only; {@code none}: no nodes.
   * Unset: {@code azure} in machine mode, {@code none} in byo mode.
   */
  Optional<String> cloudProvider();
}
