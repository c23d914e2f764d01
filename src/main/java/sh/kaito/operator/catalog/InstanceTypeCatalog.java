package sh.kaito.operator.catalog;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** GPU instance types of Azure, AWS and Azure Arc, looked up case-insensitively by SKU name. */
public final class InstanceTypeCatalog {
  public static final String RESOURCE = "catalog/gpu-instance-types.yaml";

  private final List<GpuInstanceType> types;
  private final Map<String, GpuInstanceType> byName;

  private InstanceTypeCatalog(List<GpuInstanceType> types) {
    this.types = List.copyOf(types);
    Map<String, GpuInstanceType> names = new LinkedHashMap<>();
    for (GpuInstanceType t : types) {
      names.put(t.name().toLowerCase(Locale.ROOT), t);
    }
    this.byName = Collections.unmodifiableMap(names);
  }

  /** Loads and validates the catalog shipped on the classpath. */
  public static InstanceTypeCatalog load() {
    return of(
        CatalogFiles.readEntries(RESOURCE, CatalogFiles.INSTANCE_TYPES, GpuInstanceType.class),
        RESOURCE);
  }

  /** Loads and validates a catalog from a stream; {@code source} names it in error messages. */
  public static InstanceTypeCatalog load(InputStream in, String source) {
    return of(
        CatalogFiles.readEntries(in, source, CatalogFiles.INSTANCE_TYPES, GpuInstanceType.class),
        source);
  }

  static InstanceTypeCatalog of(List<GpuInstanceType> entries, String source) {
    if (entries == null || entries.isEmpty()) {
      throw new CatalogException(source + ": no instance types");
    }
    new InstanceTypeValidator(source).validateAll(entries);
    return new InstanceTypeCatalog(entries);
  }

  public Optional<GpuInstanceType> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byName.get(name.trim().toLowerCase(Locale.ROOT)));
  }

  public List<GpuInstanceType> all() {
    return types;
  }

  /** SKU names of one cloud, in catalog order. */
  public List<String> namesFor(String cloud) {
    List<String> names = new ArrayList<>();
    for (GpuInstanceType t : types) {
      if (t.cloud().equalsIgnoreCase(cloud)) {
        names.add(t.name());
      }
    }
    return names;
  }
}
