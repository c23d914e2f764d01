package sh.kaito.operator.validation;

import sh.kaito.operator.common.ProvisioningMode;

/**
 * The operator settings the rules depend on.
 *
 * @param mode machine (the operator provisions nodes; KAITO's NAP) or byo
 * @param cloud {@code azure}, {@code aws} or {@code arc}: which instance types are offered
 * @param vllmEnabled vLLM is the default runtime (KAITO's vLLM gate)
 * @param migEnabled MIG partitions allowed (enableMIG gate)
 * @param acceleratorEnabled whole-GPU partitions allowed (enableAccelerator gate)
 */
public record ValidationSettings(
    ProvisioningMode mode,
    String cloud,
    boolean vllmEnabled,
    boolean migEnabled,
    boolean acceleratorEnabled) {

  public static ValidationSettings defaults(ProvisioningMode mode) {
    return new ValidationSettings(mode, "azure", true, false, false);
  }

  public boolean byo() {
    return mode == ProvisioningMode.BYO;
  }
}
