package sh.kaito.operator.api.machine;

/** Condition types and reasons of a Machine (Karpenter's node lifecycle). */
public final class MachineConditions {
  public static final String LAUNCHED = "Launched";
  public static final String REGISTERED = "Registered";
  public static final String INITIALIZED = "Initialized";
  public static final String READY = "Ready";

  private MachineConditions() {}
}
