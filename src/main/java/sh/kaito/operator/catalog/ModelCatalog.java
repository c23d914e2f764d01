package sh.kaito.operator.catalog;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The model preset catalog: every model KAITO ships a preset for, looked up case-insensitively by
 * preset name or HuggingFace model ID. Immutable after loading.
 */
public final class ModelCatalog {
  public static final String RESOURCE = "catalog/model-presets.yaml";

  private final List<ModelPreset> presets;
  private final Map<String, ModelPreset> byKey;

  private ModelCatalog(List<ModelPreset> presets) {
    this.presets = List.copyOf(presets);
    Map<String, ModelPreset> keys = new LinkedHashMap<>();
    for (ModelPreset p : presets) {
      for (String key : p.lookupKeys()) {
        keys.put(key, p);
      }
    }
    this.byKey = Collections.unmodifiableMap(keys);
  }

  /** Loads and validates the catalog shipped on the classpath. */
  public static ModelCatalog load() {
    return of(CatalogFiles.readEntries(RESOURCE, CatalogFiles.MODELS, ModelPreset.class), RESOURCE);
  }

  /** Loads and validates a catalog from a stream; {@code source} names it in error messages. */
  public static ModelCatalog load(InputStream in, String source) {
    return of(CatalogFiles.readEntries(in, source, CatalogFiles.MODELS, ModelPreset.class), source);
  }

  static ModelCatalog of(List<ModelPreset> entries, String source) {
    if (entries == null || entries.isEmpty()) {
      throw new CatalogException(source + ": no models");
    }
    new ModelPresetValidator(source).validateAll(entries);
    return new ModelCatalog(entries);
  }

  /** Finds a preset (deprecated ones included) by name or model ID, ignoring case. */
  public Optional<ModelPreset> find(String nameOrModelId) {
    if (nameOrModelId == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byKey.get(nameOrModelId.trim().toLowerCase(Locale.ROOT)));
  }

  /** Finds a preset that is still supported (not deprecated). */
  public Optional<ModelPreset> findSupported(String nameOrModelId) {
    return find(nameOrModelId).filter(p -> !p.deprecated());
  }

  public List<ModelPreset> all() {
    return presets;
  }

  /** Names of the supported presets, in catalog order, for messages and docs. */
  public List<String> supportedNames() {
    List<String> names = new ArrayList<>();
    for (ModelPreset p : presets) {
      if (!p.deprecated()) {
        names.add(p.name());
      }
    }
    return names;
  }
}
