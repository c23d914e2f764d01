package sh.kaito.operator.config;

/**
 * Default values of the operator's settings, in one place: {@link KaitoConfig} uses them for the
 * running operator, and {@code plan} for offline runs (it does not start Quarkus).
 */
public final class Defaults {
  public static final String PROVISIONING_MODE = "machine";
  public static final String CLOUD = "azure";
  public static final String CLOUD_PROVIDER = "azure";
  public static final String PRESET_REGISTRY = "mcr.microsoft.com/aks/kaito";
  public static final String BASE_IMAGE_TAG = "0.5.0";
  public static final String NODE_IMAGE_FAMILY = "ubuntu";
  public static final String VLLM = "true";
  public static final String MIG = "false";
  public static final String ACCELERATOR = "false";

  private Defaults() {}
}
