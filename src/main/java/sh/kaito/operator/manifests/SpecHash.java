package sh.kaito.operator.manifests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import sh.kaito.operator.api.v1beta1.AdapterSpec;
import sh.kaito.operator.api.v1beta1.DataDestination;
import sh.kaito.operator.api.v1beta1.DataSource;
import sh.kaito.operator.api.v1beta1.InferenceSpec;
import sh.kaito.operator.api.v1beta1.PartitionSpec;
import sh.kaito.operator.api.v1beta1.PresetSpec;
import sh.kaito.operator.api.v1beta1.ResourceSpec;
import sh.kaito.operator.api.v1beta1.TuningSpec;
import sh.kaito.operator.api.v1beta1.Workspace;

/**
 * The Workspace spec hash, as KAITO computes it: sha256 over Go's JSON encoding of {@code
 * resource}, {@code inference} and {@code tuning}, each followed by a newline. KAITO's struct field
 * order and omitempty rules are reproduced for its own types, so that an operator taking over
 * Workspaces from KAITO computes the same revisions; embedded Kubernetes objects (pod template,
 * volume sources) are encoded with sorted keys, which matches Go only when they are absent.
 */
public final class SpecHash {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper GO_JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .build();

  private SpecHash() {}

  /** The hex sha256 of the spec. */
  public static String of(Workspace ws) {
    String stream =
        encode(resource(ws.getResource()))
            + "\n"
            + encode(inference(ws.getInference()))
            + "\n"
            + encode(tuning(ws.getTuning()))
            + "\n";
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(stream.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The revision's data: {@code {"inference":...,"resource":...,"tuning":...}} (Go map order). */
  public static String revisionData(Workspace ws) {
    ObjectNode data = F.objectNode();
    data.set("inference", inference(ws.getInference()));
    data.set("resource", resource(ws.getResource()));
    data.set("tuning", tuning(ws.getTuning()));
    return encode(data);
  }

  static String encode(JsonNode node) {
    try {
      // Go escapes <, >, & and the line separators U+2028/2029 in strings; Jackson does not.
      return GO_JSON
          .writeValueAsString(node)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026")
          .replace("\u2028", "\\u2028")
          .replace("\u2029", "\\u2029");
    } catch (Exception e) {
      throw new IllegalStateException("cannot encode the Workspace spec", e);
    }
  }

  static JsonNode resource(ResourceSpec r) {
    ObjectNode o = F.objectNode();
    if (r == null) {
      o.putNull("labelSelector");
      return o;
    }
    if (r.count() != null) {
      o.put("count", r.count());
    }
    putIfNotEmpty(o, "instanceType", r.instanceType());
    o.set("labelSelector", labelSelector(r.labelSelector()));
    putList(o, "preferredNodes", r.preferredNodes());
    if (r.partition() != null) {
      o.set("partition", partition(r.partition()));
    }
    return o;
  }

  private static JsonNode labelSelector(LabelSelector s) {
    if (s == null) {
      return F.nullNode();
    }
    ObjectNode o = F.objectNode();
    if (s.getMatchLabels() != null && !s.getMatchLabels().isEmpty()) {
      ObjectNode labels = o.putObject("matchLabels");
      new TreeMap<>(s.getMatchLabels()).forEach(labels::put);
    }
    if (s.getMatchExpressions() != null && !s.getMatchExpressions().isEmpty()) {
      ArrayNode exprs = o.putArray("matchExpressions");
      for (LabelSelectorRequirement e : s.getMatchExpressions()) {
        ObjectNode x = exprs.addObject();
        x.put("key", e.getKey());
        x.put("operator", e.getOperator());
        putList(x, "values", e.getValues());
      }
    }
    return o;
  }

  private static JsonNode partition(PartitionSpec p) {
    ObjectNode o = F.objectNode();
    o.put("mode", p.mode() == null ? "" : p.mode().name().toLowerCase(java.util.Locale.ROOT));
    putIfNotEmpty(o, "profile", p.profile());
    if (p.count() != null) {
      o.put("count", p.count());
    }
    return o;
  }

  static JsonNode inference(InferenceSpec i) {
    if (i == null) {
      return F.nullNode();
    }
    ObjectNode o = F.objectNode();
    if (i.preset() != null) {
      o.set("preset", preset(i.preset()));
    }
    if (i.template() != null) {
      o.set("template", GO_JSON.valueToTree(i.template()));
    }
    putIfNotEmpty(o, "config", i.config());
    if (i.adapters() != null && !i.adapters().isEmpty()) {
      ArrayNode adapters = o.putArray("adapters");
      for (AdapterSpec a : i.adapters()) {
        ObjectNode x = adapters.addObject();
        if (a.source() != null) {
          x.set("source", source(a.source()));
        }
        if (a.strength() != null) {
          x.put("strength", a.strength());
        }
      }
    }
    return o;
  }

  private static JsonNode preset(PresetSpec p) {
    ObjectNode o = F.objectNode();
    o.put("name", p.name() == null ? "" : p.name());
    if (p.accessMode() != null) {
      o.put("accessMode", p.accessMode().name().toLowerCase(java.util.Locale.ROOT));
    }
    // A struct, not a pointer, in Go: always present, even when empty.
    ObjectNode options = o.putObject("presetOptions");
    if (p.presetOptions() != null) {
      putIfNotEmpty(options, "image", p.presetOptions().image());
      putList(options, "imagePullSecrets", p.presetOptions().imagePullSecrets());
      putIfNotEmpty(options, "modelAccessSecret", p.presetOptions().modelAccessSecret());
    }
    return o;
  }

  private static JsonNode source(DataSource s) {
    if (s == null) {
      return F.nullNode();
    }
    ObjectNode o = F.objectNode();
    putIfNotEmpty(o, "name", s.name());
    putList(o, "urls", s.urls());
    if (s.volumeSource() != null) {
      ObjectNode volume = GO_JSON.valueToTree(s.volumeSource());
      volume.remove("name");
      o.set("volumeSource", volume);
    }
    putIfNotEmpty(o, "image", s.image());
    putList(o, "imagePullSecrets", s.imagePullSecrets());
    return o;
  }

  private static JsonNode destination(DataDestination d) {
    if (d == null) {
      return F.nullNode();
    }
    ObjectNode o = F.objectNode();
    if (d.volumeSource() != null) {
      ObjectNode volume = GO_JSON.valueToTree(d.volumeSource());
      volume.remove("name");
      o.set("volumeSource", volume);
    }
    putIfNotEmpty(o, "image", d.image());
    putIfNotEmpty(o, "imagePushSecret", d.imagePushSecret());
    return o;
  }

  static JsonNode tuning(TuningSpec t) {
    if (t == null) {
      return F.nullNode();
    }
    ObjectNode o = F.objectNode();
    if (t.preset() != null) {
      o.set("preset", preset(t.preset()));
    }
    putIfNotEmpty(o, "method", t.method());
    putIfNotEmpty(o, "config", t.config());
    o.set("input", source(t.input()));
    o.set("output", destination(t.output()));
    return o;
  }

  private static void putIfNotEmpty(ObjectNode o, String field, String value) {
    if (value != null && !value.isEmpty()) {
      o.put(field, value);
    }
  }

  private static void putList(ObjectNode o, String field, List<String> values) {
    if (values != null && !values.isEmpty()) {
      ArrayNode a = o.putArray(field);
      values.forEach(a::add);
    }
  }
}
