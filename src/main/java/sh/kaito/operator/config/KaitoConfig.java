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

  /**
   * The operator's own namespace ({@code KUBERNETES_NAMESPACE} in the Deployment): the webhook's
   * certificate Secret and the leader-election Lease live there.
   */
  @WithDefault("kaito-system")
  String operatorNamespace();

  Webhook webhook();

  LeaderElection leaderElection();

  /** The admission webhook's serving certificate. */
  interface Webhook {
    /**
     * Where the certificate comes from: {@code self-managed} (the operator issues it into the
     * Secret and patches the caBundle), {@code cert-manager} (cert-manager issues it into the
     * Secret and injects the CA), {@code files} (someone else mounts it, e.g. OLM).
     */
    @WithDefault("self-managed")
    String certificates();

    /** The Secret that holds the certificate ({@code tls.crt}, {@code tls.key}, {@code ca.crt}). */
    @WithDefault("kaito-operator-webhook-tls")
    String secretName();

    /** The Service in front of the webhook; the certificate is issued for its DNS names. */
    @WithDefault("kaito-operator")
    String serviceName();

    /** The ValidatingWebhookConfiguration whose caBundle the operator keeps. */
    @WithDefault("validation.workspace.kaito.sh")
    String configurationName();

    /** Validity of a serving certificate the operator issues. */
    @WithDefault("365d")
    java.time.Duration certificateValidity();

    /** A serving certificate is renewed when less than this remains. */
    @WithDefault("30d")
    java.time.Duration renewBefore();

    /** Validity of the operator's CA. */
    @WithDefault("3650d")
    java.time.Duration caValidity();

    /** How often the Secret is read (and, on the leader, the certificate checked). */
    @WithDefault("1m")
    java.time.Duration checkInterval();
  }

  /** The Lease that makes one replica the active one. */
  interface LeaderElection {
    @WithDefault("kaito-operator-leader")
    String leaseName();

    @WithDefault("15s")
    java.time.Duration leaseDuration();

    @WithDefault("10s")
    java.time.Duration renewDeadline();

    @WithDefault("2s")
    java.time.Duration retryPeriod();

    /**
     * The process exits when it loses the lease (Kubernetes restarts it as a follower), so two
     * replicas never reconcile at once. Only tests turn this off.
     */
    @WithDefault("true")
    boolean exitOnStopLeading();
  }

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
