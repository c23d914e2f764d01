package sh.kaito.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The operator's settings ({@code kaito.*} in application.properties, or environment variables such
 * as {@code KAITO_NODE_PROVISIONING_MODE}). See docs/configuration.md.
 */
@ConfigMapping(prefix = "kaito")
public interface KaitoConfig {

  NodeProvisioning nodeProvisioning();

  /** Which instance-type table admission offers: {@code azure}, {@code aws} or {@code arc}. */
  @WithDefault(Defaults.CLOUD)
  String cloud();

  FeatureGates featureGates();

  Presets presets();

  MachineController machine();

  /** The Machine controller. */
  interface MachineController {
    /** How often a Machine that is being created is looked at again (absent a cloud hint). */
    @WithDefault("10s")
    java.time.Duration pollInterval();

    /** How often cloud resources without a Machine are looked for. */
    @WithDefault("2m")
    java.time.Duration orphanSweepInterval();

    /** How old a cloud resource without a Machine must be before it is deleted. */
    @WithDefault("5m")
    java.time.Duration orphanGracePeriod();
  }

  /** Where GPU nodes come from. */
  interface NodeProvisioning {
    /**
     * {@code machine}: the operator creates a Machine per node through the cloud provider; {@code
     * byo}: existing nodes chosen by the Workspace's label selector.
     */
    @WithDefault(Defaults.PROVISIONING_MODE)
    String mode();

    /** OS image family of provisioned nodes unless a Workspace asks otherwise. */
    @WithDefault(Defaults.NODE_IMAGE_FAMILY)
    String defaultImageFamily();
  }

  /** KAITO's feature gates that change what admission accepts. */
  interface FeatureGates {
    /** vLLM is the default runtime; off means transformers everywhere. */
    @WithName("vllm")
    @WithDefault(Defaults.VLLM)
    boolean vllm();

    /** MIG partitions on BYO nodes. */
    @WithName("enable-mig")
    @WithDefault(Defaults.MIG)
    boolean enableMig();

    /** Whole-GPU partitions on BYO nodes. */
    @WithName("enable-accelerator")
    @WithDefault(Defaults.ACCELERATOR)
    boolean enableAccelerator();
  }

  /** The runtime images the workloads use. */
  interface Presets {
    /** Registry of KAITO's runtime images. */
    @WithDefault(Defaults.PRESET_REGISTRY)
    String registry();

    /** Tag of {@code kaito-base}, the image that runs every preset. */
    @WithDefault(Defaults.BASE_IMAGE_TAG)
    String baseImageTag();
  }
}
