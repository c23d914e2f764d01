package sh.kaito.operator.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reads catalog YAML files from the classpath or a stream. */
final class CatalogFiles {
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  /** Top-level shape of {@code model-presets.yaml}. */
  record ModelFile(List<ModelPreset> models) {}

  /** Top-level shape of {@code gpu-instance-types.yaml}. */
  record InstanceTypeFile(List<GpuInstanceType> instanceTypes) {}

  /**
   * Where the entries of one kind of catalog file live and how an entry is named in messages.
   *
   * @param listField the top-level field holding the entry list
   * @param kind the entry kind in messages, e.g. {@code model}
   * @param labelFields fields naming an entry, first present one wins
   */
  record Layout(String listField, String kind, List<String> labelFields) {}

  static final Layout MODELS = new Layout("models", "model", List.of("modelId", "name"));
  static final Layout INSTANCE_TYPES =
      new Layout("instanceTypes", "instance type", List.of("name"));

  private CatalogFiles() {}

  static <T> T read(String resource, Class<T> type) {
    try (InputStream in = open(resource)) {
      return read(in, resource, type);
    } catch (IOException e) {
      throw new CatalogException("cannot read catalog file " + resource + ": " + e.getMessage(), e);
    }
  }

  static <T> T read(InputStream in, String source, Class<T> type) {
    try {
      T value = YAML.readValue(in, type);
      if (value == null) {
        throw new CatalogException("catalog file " + source + " is empty");
      }
      return value;
    } catch (IOException e) {
      throw new CatalogException("catalog file " + source + " is not valid: " + e.getMessage(), e);
    }
  }

  /** Reads the entry list of a classpath catalog file, entry by entry. */
  static <T> List<T> readEntries(String resource, Layout layout, Class<T> type) {
    try (InputStream in = open(resource)) {
      return readEntries(in, resource, layout, type);
    } catch (IOException e) {
      throw new CatalogException("cannot read catalog file " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the entry list of a catalog file entry by entry, so that a malformed entry (unknown
   * property, wrong type) is reported with its position and name rather than as a bare parser
   * error. Returns an empty list when the list field is absent or empty; the caller decides whether
   * that is acceptable.
   */
  static <T> List<T> readEntries(InputStream in, String source, Layout layout, Class<T> type) {
    JsonNode root;
    try {
      root = YAML.readTree(in);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new CatalogException(
          "catalog file "
              + source
              + " is not valid YAML"
              + where
              + ": "
              + firstLine(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new CatalogException(
          "cannot read catalog file " + source + ": " + firstLine(e.getMessage()), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new CatalogException("catalog file " + source + " is empty");
    }
    if (!root.isObject()) {
      throw new CatalogException(
          "catalog file "
              + source
              + ": expected a mapping with a '"
              + layout.listField()
              + "' list");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!field.equals(layout.listField())) {
        throw new CatalogException(
            "catalog file "
                + source
                + ": unknown top-level field '"
                + field
                + "' (expected only '"
                + layout.listField()
                + "')");
      }
    }
    JsonNode list = root.get(layout.listField());
    List<T> entries = new ArrayList<>();
    if (list == null || list.isNull()) {
      return entries;
    }
    if (!list.isArray()) {
      throw new CatalogException(
          "catalog file " + source + ": '" + layout.listField() + "' must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode node = list.get(i);
      String label = label(node, layout);
      if (node == null || node.isNull()) {
        throw entryError(source, layout, i, label, "entry is empty");
      }
      if (!node.isObject()) {
        throw entryError(source, layout, i, label, "entry must be a mapping of fields");
      }
      try {
        entries.add(YAML.treeToValue(node, type));
      } catch (JsonMappingException e) {
        throw entryError(source, layout, i, label, describe(e), e);
      } catch (IOException e) {
        throw entryError(source, layout, i, label, firstLine(e.getMessage()), e);
      }
    }
    return entries;
  }

  /** The message prefix naming one entry, shared with the validators. */
  static String entryPrefix(String source, String kind, int index, String label) {
    return source + ": " + kind + " #" + (index + 1) + " (" + label + "): ";
  }

  private static InputStream open(String resource) {
    InputStream in = CatalogFiles.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new CatalogException("catalog file " + resource + " is not on the classpath");
    }
    return in;
  }

  private static String label(JsonNode node, Layout layout) {
    if (node != null && node.isObject()) {
      for (String field : layout.labelFields()) {
        JsonNode value = node.get(field);
        if (value != null && value.isValueNode() && !value.asText().isBlank()) {
          return value.asText();
        }
      }
    }
    return "?";
  }

  private static String describe(JsonMappingException e) {
    String path = path(e);
    if (e instanceof UnrecognizedPropertyException u) {
      String where = path.contains(".") ? " in " + path.substring(0, path.lastIndexOf('.')) : "";
      return "unknown property '" + u.getPropertyName() + "'" + where;
    }
    String message = firstLine(e.getOriginalMessage());
    return path.isEmpty() ? message : "invalid value for '" + path + "': " + message;
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static CatalogException entryError(
      String source, Layout layout, int index, String label, String message) {
    return new CatalogException(entryPrefix(source, layout.kind(), index, label) + message);
  }

  private static CatalogException entryError(
      String source, Layout layout, int index, String label, String message, Throwable cause) {
    return new CatalogException(entryPrefix(source, layout.kind(), index, label) + message, cause);
  }
}
