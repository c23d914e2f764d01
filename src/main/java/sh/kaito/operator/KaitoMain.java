package sh.kaito.operator;

import java.util.Arrays;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import sh.kaito.operator.plan.PlanCommand;

/**
 * Entry point of the jar and the native binary: {@code plan ...} runs the offline planner without
 * starting Quarkus (no cluster, no HTTP server); anything else starts the operator.
 */
@QuarkusMain
public final class KaitoMain {
  private KaitoMain() {}

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals("plan")) {
      System.exit(
          PlanCommand.safeRun(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    Quarkus.run(args);
  }
}
