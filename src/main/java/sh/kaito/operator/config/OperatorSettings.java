package sh.kaito.operator.config;

import java.util.Locale;

import sh.kaito.operator.api.machine.ImageFamily;
import sh.kaito.operator.common.ProvisioningMode;
import sh.kaito.operator.validation.ValidationSettings;

/**
 * The settings the pure parts (validator, sizer, manifest builders) need, as a plain value: built
 * from {@link KaitoConfig} in the operator and from command-line flags in {@code plan}.
 */
public record OperatorSettings(
    ProvisioningMode mode,
    String cloud,
    boolean vllm,
    boolean mig,
    boolean accelerator,
    ImageFamily defaultImageFamily,
    String presetRegistry,
    String baseImageTag) {

  public static OperatorSettings defaults() {
    return new OperatorSettings(
        parseMode(Defaults.PROVISIONING_MODE),
        Defaults.CLOUD,
        Boolean.parseBoolean(Defaults.VLLM),
        Boolean.parseBoolean(Defaults.MIG),
        Boolean.parseBoolean(Defaults.ACCELERATOR),
        parseImageFamily(Defaults.NODE_IMAGE_FAMILY),
        Defaults.PRESET_REGISTRY,
        Defaults.BASE_IMAGE_TAG);
  }

  public static OperatorSettings from(KaitoConfig config) {
    return new OperatorSettings(
        parseMode(config.nodeProvisioning().mode()),
        parseCloud(config.cloud()),
        config.featureGates().vllm(),
        config.featureGates().enableMig(),
        config.featureGates().enableAccelerator(),
        parseImageFamily(config.nodeProvisioning().defaultImageFamily()),
        config.presets().registry(),
        config.presets().baseImageTag());
  }

  public OperatorSettings withMode(ProvisioningMode newMode) {
    return new OperatorSettings(
        newMode, cloud, vllm, mig, accelerator, defaultImageFamily, presetRegistry, baseImageTag);
  }

  public OperatorSettings withCloud(String newCloud) {
    return new OperatorSettings(
        mode,
        parseCloud(newCloud),
        vllm,
        mig,
        accelerator,
        defaultImageFamily,
        presetRegistry,
        baseImageTag);
  }

  public ValidationSettings validation() {
    return new ValidationSettings(mode, cloud, vllm, mig, accelerator);
  }

  /** {@code machine} or {@code byo}; anything else is a configuration error naming the value. */
  public static ProvisioningMode parseMode(String value) {
    return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
      case "machine" -> ProvisioningMode.MACHINE;
      case "byo" -> ProvisioningMode.BYO;
      default ->
          throw new IllegalArgumentException(
              "node provisioning mode '" + value + "' is not one of: machine, byo");
    };
  }

  static String parseCloud(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (!v.equals("azure") && !v.equals("aws") && !v.equals("arc")) {
      throw new IllegalArgumentException("cloud '" + value + "' is not one of: azure, aws, arc");
    }
    return v;
  }

  static ImageFamily parseImageFamily(String value) {
    return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
      case "ubuntu" -> ImageFamily.UBUNTU;
      case "azurelinux" -> ImageFamily.AZURE_LINUX;
      default ->
          throw new IllegalArgumentException(
              "node image family '" + value + "' is not one of: ubuntu, azurelinux");
    };
  }
}
