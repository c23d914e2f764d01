package sh.kaito.operator.cloud.azure;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the error code and message out of an ARM response body. */
final class ArmBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArmBodies() {}

  /**
   * {@code [code, message]} of {@code {"error":{"code","message"}}} (a CloudError or a failed
   * operation status) or of a bare {@code {"code","message"}}; nulls when absent or unreadable.
   */
  static String[] errorCodeAndMessage(String body) {
    if (body == null || body.isBlank()) {
      return new String[2];
    }
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root.has("error") ? root.get("error") : root;
      return new String[] {text(error, "code"), text(error, "message")};
    } catch (IOException e) {
      return new String[2];
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
