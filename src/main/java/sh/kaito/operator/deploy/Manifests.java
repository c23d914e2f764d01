package sh.kaito.operator.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reading and writing multi-document YAML manifests as JSON trees. */
final class Manifests {
  static final ObjectMapper READER = new YAMLMapper();
  static final ObjectMapper WRITER =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES)
                  .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                  .build())
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private static final java.util.Set<String> BUILD_ANNOTATIONS =
      java.util.Set.of(
          "app.quarkus.io/vcs-uri", "app.quarkus.io/commit-id", "app.quarkus.io/build-timestamp");

  private Manifests() {}

  static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        READER.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && doc.isObject()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  static String toYaml(List<? extends JsonNode> docs) throws IOException {
    StringBuilder out = new StringBuilder();
    for (JsonNode doc : docs) {
      out.append("---\n").append(WRITER.writeValueAsString(doc));
    }
    return out.toString();
  }

  static void write(Path file, String header, List<? extends JsonNode> docs) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, header + toYaml(docs));
  }

  /**
   * A canonical form of a generated manifest: keys sorted, and port lists sorted by name. Quarkus
   * emits labels and ports in an order that changes between builds; deploy/ must not.
   */
  static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      ObjectNode sorted = READER.createObjectNode();
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      for (String name : names) {
        if (BUILD_ANNOTATIONS.contains(name)) {
          // Where and when it was built must not show in deploy/.
          continue;
        }
        sorted.set(name, canonical(node.get(name)));
      }
      return sorted;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(item -> items.add(canonical(item)));
      if (!items.isEmpty() && items.stream().allMatch(Manifests::isPort)) {
        items.sort(java.util.Comparator.comparing(i -> i.path("name").asText()));
      }
      ArrayNode array = READER.createArrayNode();
      items.forEach(array::add);
      return array;
    }
    return node;
  }

  private static boolean isPort(JsonNode item) {
    return item.isObject()
        && item.has("name")
        && (item.has("containerPort") || (item.has("port") && item.has("targetPort")));
  }

  static String kind(JsonNode doc) {
    return doc.path("kind").asText();
  }

  static String name(JsonNode doc) {
    return doc.path("metadata").path("name").asText();
  }

  /** The image of a Deployment's first container: the operator's image. */
  static String image(JsonNode deployment) {
    return deployment
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .path(0)
        .path("image")
        .asText();
  }
}
