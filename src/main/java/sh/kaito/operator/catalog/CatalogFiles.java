package sh.kaito.operator.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reads catalog YAML files from the classpath or a stream. */
final class CatalogFiles {
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Top-level shape of {@code model-presets.yaml}. */
  record ModelFile(List<ModelPreset> models) {}

  /** Top-level shape of {@code gpu-instance-types.yaml}. */
  record InstanceTypeFile(List<GpuInstanceType> instanceTypes) {}

  private CatalogFiles() {}

  static <T> T read(String resource, Class<T> type) {
    try (InputStream in = CatalogFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new CatalogException("catalog file " + resource + " is not on the classpath");
      }
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
}
