package sh.kaito.operator.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import sh.kaito.operator.api.KaitoApi;
import sh.kaito.operator.api.v1beta1.Workspace;

/**
 * The documents of plan's input files, sorted by kind: Workspaces to plan, and the Nodes and
 * ConfigMaps that stand in for the cluster. Directories are read file by file in name order.
 */
public final class PlanInput {
  /** A Workspace document and where it came from. */
  public record WorkspaceDoc(Workspace workspace, boolean v1alpha1, String source) {}

  /** A file could not be read or a document is not a valid object. */
  public static final class InputException extends Exception {
    InputException(String message) {
      super(message);
    }
  }

  private final List<WorkspaceDoc> workspaces = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final List<ConfigMap> configMaps = new ArrayList<>();
  private final List<String> storageClasses = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();

  public List<WorkspaceDoc> workspaces() {
    return workspaces;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public List<ConfigMap> configMaps() {
    return configMaps;
  }

  /** Names of the StorageClasses in the input (KAITO's local NVMe class changes the plan). */
  public List<String> storageClasses() {
    return storageClasses;
  }

  /** Documents of other kinds, which plan skips (named in a warning). */
  public List<String> ignored() {
    return ignored;
  }

  /** Reads a file, or every {@code .yaml}/{@code .yml} file of a directory. */
  public void read(Path path) throws InputException {
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        for (Path f : files.filter(PlanInput::isYaml).sorted().toList()) {
          readFile(f);
        }
      } catch (IOException e) {
        throw new InputException("cannot read directory " + path + ": " + e.getMessage());
      }
    } else {
      readFile(path);
    }
  }

  private static boolean isYaml(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private void readFile(Path file) throws InputException {
    ObjectMapper mapper = Yaml.STRICT;
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        mapper.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new InputException("cannot read " + file + ": " + e.getMessage());
    }
    for (int i = 0; i < docs.size(); i++) {
      add(docs.get(i), file + (docs.size() > 1 ? " (document " + (i + 1) + ")" : ""));
    }
  }

  private void add(JsonNode doc, String source) throws InputException {
    String kind = doc.path("kind").asText("");
    String apiVersion = doc.path("apiVersion").asText("");
    try {
      switch (kind) {
        case "Workspace" -> addWorkspace(doc, apiVersion, source);
        case "Node" -> nodes.add(Yaml.STRICT.treeToValue(doc, Node.class));
        case "ConfigMap" -> configMaps.add(Yaml.STRICT.treeToValue(doc, ConfigMap.class));
        case "StorageClass" -> storageClasses.add(doc.path("metadata").path("name").asText());
        case "List", "NodeList", "ConfigMapList", "StorageClassList" -> {
          for (JsonNode item : doc.path("items")) {
            add(item, source);
          }
        }
        default -> ignored.add(source + ": " + (kind.isEmpty() ? "a document without kind" : kind));
      }
    } catch (JsonProcessingException e) {
      throw new InputException(source + ": " + kind + " is not valid: " + e.getOriginalMessage());
    }
  }

  private void addWorkspace(JsonNode doc, String apiVersion, String source)
      throws JsonProcessingException, InputException {
    boolean alpha = apiVersion.equals(KaitoApi.GROUP + "/v1alpha1");
    if (!alpha && !apiVersion.equals(Workspace.API_VERSION)) {
      throw new InputException(
          source
              + ": Workspace apiVersion '"
              + apiVersion
              + "' is not served; use kaito.sh/v1beta1 or kaito.sh/v1alpha1");
    }
    // Read with the schema of the document's own version, so that fields v1alpha1 lacks are
    // reported, then carry it as the (field-compatible) v1beta1 type.
    if (alpha) {
      Yaml.STRICT.treeToValue(doc, sh.kaito.operator.api.v1alpha1.Workspace.class);
    }
    Workspace ws = Yaml.STRICT.treeToValue(doc, Workspace.class);
    workspaces.add(new WorkspaceDoc(WorkspaceDefaults.apply(ws, alpha), alpha, source));
  }
}
