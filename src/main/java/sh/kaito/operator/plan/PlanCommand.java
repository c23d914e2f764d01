package sh.kaito.operator.plan;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;

import sh.kaito.operator.catalog.CatalogException;
import sh.kaito.operator.catalog.InstanceTypeCatalog;
import sh.kaito.operator.catalog.ModelCatalog;
import sh.kaito.operator.common.StaticClusterLookup;
import sh.kaito.operator.config.OperatorSettings;
import sh.kaito.operator.validation.FieldError;

/**
 * {@code plan -f FILE... [--nodes FILE] [--provisioner machine|byo] [--cloud azure|aws|arc]}.
 * Prints a multi-document YAML stream of the objects the operator would create (sizing and notes as
 * comments) and exits 0; prints validation errors on standard error and exits 1 when a Workspace is
 * invalid; exits 2 on a usage error.
 */
public final class PlanCommand {
  public static final int OK = 0;
  public static final int INVALID = 1;
  public static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      Usage: plan -f FILE [-f FILE...] [--nodes FILE] [--provisioner machine|byo] [--cloud azure|aws|arc]

      Validates Workspace files as the admission webhook would and prints, as YAML, the objects the
      operator would create for them, without a cluster.

        -f, --filename FILE   a YAML file or a directory of them (repeatable). Workspaces are planned;
                              Nodes and ConfigMaps in the files stand in for the cluster.
        --nodes FILE          Nodes of the cluster, e.g. from `kubectl get nodes -o yaml` (for BYO).
        --provisioner MODE    machine (default): the operator provisions GPU nodes;
                              byo: existing nodes chosen by the label selector.
        --cloud CLOUD         instance types offered: azure (default), aws or arc.

      Exit status: 0 all valid, 1 a Workspace is invalid or a file cannot be read, 2 usage error.
      """;

  private PlanCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<Path> files = new ArrayList<>();
    List<Path> nodeFiles = new ArrayList<>();
    OperatorSettings settings = OperatorSettings.defaults();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-f", "--filename" -> files.add(Path.of(value(args, ++i, a)));
          case "--nodes" -> nodeFiles.add(Path.of(value(args, ++i, a)));
          case "--provisioner" ->
              settings = settings.withMode(OperatorSettings.parseMode(value(args, ++i, a)));
          case "--cloud" -> settings = settings.withCloud(value(args, ++i, a));
          case "-h", "--help" -> {
            out.print(USAGE_TEXT);
            return OK;
          }
          default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
        }
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no input: give at least one -f FILE");
      }
    } catch (IllegalArgumentException e) {
      err.println("plan: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }

    PlanInput input = new PlanInput();
    try {
      for (Path f : files) {
        requireExists(f);
        input.read(f);
      }
      for (Path f : nodeFiles) {
        requireExists(f);
        PlanInput nodes = new PlanInput();
        nodes.read(f);
        input.nodes().addAll(nodes.nodes());
      }
    } catch (PlanInput.InputException e) {
      err.println("plan: " + e.getMessage());
      return INVALID;
    }
    if (input.workspaces().isEmpty()) {
      err.println("plan: no Workspace in the input");
      return INVALID;
    }
    for (String skipped : input.ignored()) {
      err.println("plan: skipping " + skipped);
    }

    Planner planner;
    try {
      planner = new Planner(ModelCatalog.load(), InstanceTypeCatalog.load(), settings);
    } catch (CatalogException e) {
      err.println("plan: " + e.getMessage());
      return INVALID;
    }
    StaticClusterLookup cluster = new StaticClusterLookup(input.nodes(), input.configMaps());
    boolean allValid = true;
    for (PlanInput.WorkspaceDoc doc : input.workspaces()) {
      WorkspacePlan plan = planner.plan(doc, cluster, input.storageClasses()::contains);
      if (plan.valid()) {
        print(plan, out);
      } else {
        allValid = false;
        printErrors(plan, err);
      }
    }
    return allValid ? OK : INVALID;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static void requireExists(Path f) throws PlanInput.InputException {
    if (!Files.exists(f)) {
      throw new PlanInput.InputException(f + ": no such file or directory");
    }
  }

  private static void print(WorkspacePlan plan, PrintStream out) {
    var ws = plan.doc().workspace();
    out.println(
        "# Workspace "
            + ws.getMetadata().getNamespace()
            + "/"
            + ws.getMetadata().getName()
            + " ("
            + plan.doc().source()
            + ")");
    out.println("# target node count: " + plan.sizing().targetNodeCount());
    for (String note : plan.notes()) {
      out.println("# " + note);
    }
    for (HasMetadata object : plan.objects()) {
      out.println("---");
      try {
        out.print(Yaml.WRITER.writeValueAsString(object));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write " + object.getKind() + " as YAML", e);
      }
    }
  }

  private static void printErrors(WorkspacePlan plan, PrintStream err) {
    var ws = plan.doc().workspace();
    err.println(
        "Workspace "
            + ws.getMetadata().getNamespace()
            + "/"
            + ws.getMetadata().getName()
            + " ("
            + plan.doc().source()
            + ") is invalid:");
    for (FieldError e : plan.validation().errors()) {
      err.println("  - " + e.render().replace("\n", "\n    "));
    }
    for (String w : plan.notes()) {
      err.println("  warning: " + w);
    }
  }

  /** The entry point of the main class: never throws, reports internal errors as exit 1. */
  public static int safeRun(String[] args, PrintStream out, PrintStream err) {
    try {
      return run(args, out, err);
    } catch (RuntimeException e) {
      err.println("plan: internal error: " + e);
      return INVALID;
    }
  }
}
